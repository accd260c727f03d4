// @ts-check
// REHEARSAL toolbox: the shapes of the simulated platform (types only; nothing runs here).

/**
 * @typedef {object} Meta
 * @property {string} name
 * @property {string} [namespace]
 * @property {string} [uid]
 * @property {string} creationTimestamp
 * @property {Record<string, string>} [labels]
 * @property {Record<string, string>} [annotations]
 * @property {{ apiVersion: string, kind: string, name: string, uid?: string, controller?: boolean, blockOwnerDeletion?: boolean }[]} [ownerReferences]
 * @property {string} [resourceVersion]
 */

/**
 * A Kubernetes object of the simulated platform. `spec`/`status` differ per kind and are read the way
 * kubectl's printers read them, hence `any`.
 * @typedef {{ apiVersion: string, kind: string, metadata: Meta, spec?: any, status?: any, data?: Record<string, string>, type?: string }} Obj
 */

/**
 * @typedef {object} HelmRelease
 * @property {string} name
 * @property {string} namespace
 * @property {number} revision
 * @property {string} updated
 * @property {string} status
 * @property {string} chart
 * @property {string} appVersion
 */

/**
 * The etcd sync plugin of global DR. managedBy: helm (3.16 primary: helm3 del), plugin (3.18/4.0
 * primary: console uninstall), remote (standby: the primary's run removes it).
 * @typedef {object} EtcdSync
 * @property {'helm' | 'plugin' | 'remote'} managedBy
 * @property {string | null} removedAt
 * @property {string | null} removedBy
 * @property {string | null} reinstalledAt
 * @property {string | null} machinesStep
 */

/**
 * @typedef {object} State
 * @property {number} schema
 * @property {string} createdAt
 * @property {{ from: string, to: string, dr: boolean, role: 'primary' | 'standby' | null, topolvm: boolean, clusterName: string, registry: 'external' | 'builtin', registryAddress: string }} params
 * @property {{ version: string, target: string }} platform
 * @property {{ gitVersion: string, target: string }} kube
 * @property {{ name: string, global: boolean, vip: string, apiserver: string, registry: string, nodes: string[], workers: string[] }} cluster
 * @property {{ syncedTo: string[], at?: string }} images
 * @property {{ runs: number, completedAt: string | null, stepId: string | null }} upgrade
 * @property {EtcdSync | null} etcdSync
 * @property {HelmRelease[]} helm
 * @property {Obj[]} objects
 * @property {Record<string, { at: string, command: string }>} injected
 */

/** @typedef {Record<string, any>} Flags parsed flags: string, boolean or string[] (multi) by canonical name */
/** @typedef {{ flags: Flags, pos: string[], missing?: string }} Parsed */
/** @typedef {{ flags: Flags, pos: string[], ns: string, args: string[], cmd: string, stdin?: string }} KubectlCall (stdin: read when a -f is `-`) */

export {};
