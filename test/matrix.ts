// The situations of the shipped runbooks: every combination of their choice and boolean params, and for
// each the steps that situation needs, written from the upgrade procedure (not read from the runbooks).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook } from '../src/engine/document/parse.js';
import { paramApplies, type ParamValues } from '../src/engine/plan/params.js';
import type { Runbook } from '../src/engine/document/model.js';

export const ROOT = join(import.meta.dirname, '..');

const parsed = new Map<string, Runbook>();

/**
 * The shipped runbook `name`, parsed once per test file (a parse of upgrade-global.md costs about half
 * a second, and some tests look up a step for every script they run); each caller gets its own copy.
 */
export function loadShipped(name: string): Runbook {
  let runbook = parsed.get(name);
  if (!runbook) {
    const path = join(ROOT, 'runbooks', name);
    const result = parseRunbook(readFileSync(path, 'utf8'), path);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (!result.runbook || errors.length) throw new Error(`${name}: ${JSON.stringify(errors)}`);
    parsed.set(name, (runbook = result.runbook));
  }
  return structuredClone(runbook);
}

/** Every combination of choice and boolean params, a param enumerated only where its `when` holds. */
export function combinations(runbook: Runbook): ParamValues[] {
  let out: ParamValues[] = [{}];
  for (const def of runbook.params) {
    if (def.type !== 'choice' && def.type !== 'boolean') continue;
    const options: (string | boolean)[] = def.type === 'boolean' ? [false, true] : def.choices!;
    out = out.flatMap((combo) => (paramApplies(def, combo) === false ? [combo] : options.map((v) => ({ ...combo, [def.name]: v }))));
  }
  return out;
}

type Need = (p: ParamValues) => boolean;
const always: Need = () => true;
const is = (name: string, value: string | boolean): Need => (p) => p[name] === value;
const and = (...needs: Need[]): Need => (p) => needs.every((n) => n(p));
const not = (need: Need): Need => (p) => !need(p);

const from316 = is('from', '3.16');
const from318 = is('from', '3.18');
const from40 = is('from', '4.0');
const to41 = is('to', '4.1');
const dr = is('dr', true);
const primary = and(dr, is('dr_cluster', 'primary'));
const standby = and(dr, is('dr_cluster', 'standby'));
const topolvm = and(from318, is('topolvm', true));

/** The upgrade paths the seeds describe: seed 000 (3.16/3.18 -> 4.0), seed 003 ("from 3.18 or 4.0", greps 4.1). */
export const SUPPORTED_PATHS = [['3.16', '4.0'], ['3.18', '4.0'], ['3.18', '4.1'], ['4.0', '4.1']];
export const supportedPath = (p: ParamValues): boolean => SUPPORTED_PATHS.some(([f, t]) => p.from === f && p.to === t);

/** Step id → when the procedure needs it. Steps missing here, or listed but absent, fail the test. */
export const NEEDS: Record<string, Record<string, Need>> = {
  'upgrade-prepare.md': {
    'supported-path': always,
    'confirm-source-version': always,
    // seed 000: periodic ETCD backup tasks and CostManager/Kubecost are deprecated "starting from 4.0"
    'etcd-backup-tasks': not(from40),
    'review-dr-procedure': dr,
    'istio-version': is('service_mesh', true),
    'k8s-version-global': always,
    'k8s-version-other-clusters': always,
    'costmanager-kubecost': not(from40),
    'elasticsearch-node-role-fix': is('elasticsearch', true),
    'minio-free-space': always,
    'minio-free-space-other-nodes': always,
    // seed 000 L66: 250 GB only when the package and the unpack path share a disk
    'unpack-free-space': is('same_disk', true),
    'standby-disk-space': dr,
    // seed 000 L71: ClickHouse is uninstalled before a 3.16 upgrade (and reinstalled per cluster after)
    'clickhouse-uninstall': and(from316, is('clickhouse', true)),
    'run-checklist': always,
    'download-package': always,
  },
  'upgrade-global.md': {
    'supported-path': always,
    // everything upgrade-prepare covered is confirmed once, not asked again
    'confirm-prepared': always,
    'dr-list-machines': dr,
    'dr-verify-consistency': dr,
    // seed 000 L185-191, seed 003 L1153: both clusters' Machine checks come before the etcd sync removal
    'dr-wait-standby-checked': primary,
    // 3.18: uninstalled in the console; 3.16: removed with helm3 and kubectl; 4.0: no seed procedure (derived)
    'dr-uninstall-etcdsync-console': and(primary, from318),
    'dr-uninstall-etcd-synchronizer': and(primary, from40),
    'dr-remove-etcd-sync-helm': and(primary, from316),
    'dr-remove-etcd-mirror-config': and(primary, from316),
    'dr-remove-etcd-mirror-deploy': and(primary, from316),
    'dr-check-etcd-mirror-gone': and(primary, from316),
    'dr-wait-etcd-sync-removed': standby,
    'dr-check-etcd-sync-gone': dr,
    'unpack-package': always,
    'check-package-dir': always,
    'sync-images-builtin': is('registry', 'builtin'),
    'sync-images-external': is('registry', 'external'),
    // violet, Create only CRs, Cluster Enhancer and Service Mesh Essentials: seed 003 (4.1) only
    'push-extension-images': and(to41, is('push_extensions', true), not(standby)),
    'push-extension-images-standby': and(to41, is('push_extensions', true), standby),
    'dr-standby-productbase': standby,
    'dr-wait-standby-upgraded': primary,
    'trigger-upgrade': always,
    'create-extension-crs': and(to41, is('push_extensions', true)),
    // seed 003: TopoLVM is backed up and deleted when upgrading from 3.18
    'topolvm-find-artifact': topolvm,
    'topolvm-backup-artifact': topolvm,
    'topolvm-delete-artifact': topolvm,
    'topolvm-delete-minfo': topolvm,
    // seed 003: Data Services warning for upgrades "from 3.16 or 3.18"
    'data-services-extensions': and(not(from40), is('data_services', true)),
    'upgrade-cluster-console': always,
    'gitops-check': is('gitops', true),
    'topolvm-recreate-artifact': topolvm,
    'topolvm-confirm-upgraded': topolvm,
    // Product Docs became a plugin in 4.0; 3.18 platforms must install it.
    'install-product-docs': from318,
    'install-cluster-enhancer': to41,
    'service-mesh-essentials': and(to41, is('service_mesh_v1', true)),
    // reinstalled on the global cluster after its own upgrade
    'clickhouse-reinstall': and(from316, is('clickhouse', true)),
    'dr-wait-primary-upgraded': standby,
    'dr-reinstall-etcd-sync': standby,
    'dr-etcd-sync-running': standby,
    'dr-etcd-sync-pod': standby,
    'dr-etcd-sync-log': standby,
    'dr-etcd-sync-recreate-pod': standby,
    'dr-etcd-sync-running-again': standby,
    'dr-sync-status': standby,
    'dr-review-sync-status': standby,
  },
  'upgrade-workload.md': {
    'supported-path': always,
    'confirm-global-upgraded': not(dr),
    'confirm-global-dr-upgraded': dr,
    'plan-restarts': always,
    'k8s-version': always,
    'nodes-ready-before': always,
    'pods-not-ready-before': always,
    'topolvm-find-artifact': topolvm,
    'topolvm-backup-artifact': topolvm,
    'topolvm-delete-artifact': topolvm,
    'topolvm-minfo-command': topolvm,
    'topolvm-minfo-delete': topolvm,
    'data-services-extensions': and(not(from40), is('data_services', true)),
    'upgrade-cluster': always,
    'topolvm-recreate-artifact': topolvm,
    'topolvm-confirm-upgraded': topolvm,
    'nodes-ready-after': always,
    'pods-recovered-after': always,
    // reinstalled on each workload cluster after its own upgrade
    'clickhouse-reinstall': and(from316, is('clickhouse', true)),
    'devops-toolchain-upgrade': is('devops', true),
    'service-mesh-upgrade': is('service_mesh', true),
  },
};

/**
 * Order the seeds prescribe, as [earlier, later] step pairs (both steps must be planned for the pair
 * to apply). Seed 000 L185-191 / seed 003 L1153: every Machine check before the etcd sync removal;
 * seed 003 L1103-1111: TopoLVM is restored right after the cluster upgrade.
 */
export const ORDER: Record<string, [string, string][]> = {
  'upgrade-global.md': [
    ['supported-path', 'confirm-prepared'],
    ['dr-verify-consistency', 'dr-wait-standby-checked'],
    ['dr-wait-standby-checked', 'dr-uninstall-etcdsync-console'],
    ['dr-wait-standby-checked', 'dr-uninstall-etcd-synchronizer'],
    ['dr-wait-standby-checked', 'dr-remove-etcd-sync-helm'],
    ['dr-verify-consistency', 'dr-wait-etcd-sync-removed'],
    ['dr-wait-etcd-sync-removed', 'dr-check-etcd-sync-gone'],
    ['dr-check-etcd-mirror-gone', 'dr-check-etcd-sync-gone'],
    ['dr-check-etcd-sync-gone', 'trigger-upgrade'],
    ['dr-standby-productbase', 'trigger-upgrade'],
    ['dr-wait-standby-upgraded', 'trigger-upgrade'],
    ['trigger-upgrade', 'topolvm-find-artifact'],
    ['topolvm-delete-minfo', 'upgrade-cluster-console'],
    ['upgrade-cluster-console', 'topolvm-recreate-artifact'],
    ['upgrade-cluster-console', 'clickhouse-reinstall'],
    ['clickhouse-reinstall', 'dr-wait-primary-upgraded'],
  ],
  'upgrade-workload.md': [
    ['supported-path', 'confirm-global-upgraded'],
    ['topolvm-minfo-delete', 'upgrade-cluster'],
    ['upgrade-cluster', 'topolvm-recreate-artifact'],
    ['topolvm-recreate-artifact', 'topolvm-confirm-upgraded'],
    ['topolvm-confirm-upgraded', 'nodes-ready-after'],
    ['upgrade-cluster', 'clickhouse-reinstall'],
  ],
  'upgrade-prepare.md': [['supported-path', 'confirm-source-version']],
};

export const RUNBOOKS = Object.keys(NEEDS);

export function expectedSteps(runbook: string, params: ParamValues): string[] {
  return Object.entries(NEEDS[runbook]!).filter(([, need]) => need(params)).map(([id]) => id);
}
