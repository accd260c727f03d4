// The situations of the shipped runbooks: every combination of their choice and boolean params, and for
// each the steps that situation needs, written from the upgrade procedure (not read from the runbooks).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunbook } from '../src/engine/document/parse.js';
import { paramApplies, type ParamValues } from '../src/engine/plan/params.js';
import type { Runbook } from '../src/engine/document/model.js';

export const ROOT = join(import.meta.dirname, '..');

export function loadShipped(name: string): Runbook {
  const path = join(ROOT, 'runbooks', name);
  const { runbook, diagnostics } = parseRunbook(readFileSync(path, 'utf8'), path);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!runbook || errors.length) throw new Error(`${name}: ${JSON.stringify(errors)}`);
  return runbook;
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
const dr = is('dr', true);
const primary = and(dr, is('dr_cluster', 'primary'));
const standby = and(dr, is('dr_cluster', 'standby'));

/** Step id → when the procedure needs it. Steps missing here, or listed but absent, fail the test. */
export const NEEDS: Record<string, Record<string, Need>> = {
  'upgrade-prepare.md': {
    'confirm-source-version': always,
    'etcd-backup-tasks': always,
    'review-dr-procedure': dr,
    'istio-version': is('service_mesh', true),
    'k8s-version-global': always,
    'k8s-version-other-clusters': always,
    'costmanager-kubecost': always,
    'elasticsearch-node-role-fix': is('elasticsearch', true),
    'minio-free-space': always,
    'minio-free-space-other-nodes': always,
    'unpack-free-space': is('same_disk', true),
    'standby-disk-space': dr,
    'clickhouse-uninstall': and(from316, is('clickhouse', true)),
    'run-checklist': always,
    'download-package': always,
  },
  'upgrade-global.md': {
    'etcd-backup-tasks': always,
    'check-kubernetes-version': always,
    prerequisites: always,
    'check-minio-space': always,
    'check-package-space': always,
    'clickhouse-uninstall': and(from316, is('clickhouse', true)),
    'run-checklist': always,
    'download-package': always,
    'dr-list-machines': dr,
    'dr-verify-consistency': dr,
    // 3.18: the etcd sync plugin is uninstalled in the console; 3.16: removed with helm3 and kubectl.
    'dr-uninstall-etcdsync-console': and(primary, from318),
    'dr-remove-etcd-sync-helm': and(primary, from316),
    'dr-remove-etcd-mirror-config': and(primary, from316),
    'dr-remove-etcd-mirror-deploy': and(primary, from316),
    'dr-check-etcd-mirror-gone': and(primary, from316),
    'dr-wait-etcd-sync-removed': standby,
    'unpack-package': always,
    'check-package-dir': always,
    'sync-images-builtin': is('registry', 'builtin'),
    'sync-images-external': is('registry', 'external'),
    'push-extension-images': and(is('push_extensions', true), not(standby)),
    'push-extension-images-standby': and(is('push_extensions', true), standby),
    'dr-standby-productbase': standby,
    'dr-wait-standby-upgraded': primary,
    'trigger-upgrade': always,
    'create-extension-crs': is('push_extensions', true),
    'topolvm-find-artifact': and(from318, is('topolvm', true)),
    'topolvm-backup-artifact': and(from318, is('topolvm', true)),
    'topolvm-delete-artifact': and(from318, is('topolvm', true)),
    'topolvm-delete-minfo': and(from318, is('topolvm', true)),
    'data-services-extensions': is('data_services', true),
    'upgrade-cluster-console': always,
    'gitops-check': is('gitops', true),
    'topolvm-recreate-artifact': and(from318, is('topolvm', true)),
    'topolvm-confirm-upgraded': and(from318, is('topolvm', true)),
    // Product Docs became a plugin in 4.0; 3.18 platforms must install it.
    'install-product-docs': from318,
    'install-cluster-enhancer': always,
    'service-mesh-essentials': is('service_mesh_v1', true),
    'dr-wait-primary-upgraded': standby,
    'dr-reinstall-etcd-sync': standby,
    'dr-etcd-sync-running': standby,
    'dr-etcd-sync-pod': standby,
    'dr-etcd-sync-log': standby,
    'dr-etcd-sync-recreate-pod': standby,
    'dr-etcd-sync-running-again': standby,
    'dr-sync-status': standby,
    'dr-review-sync-status': standby,
    'clickhouse-reinstall': and(from316, is('clickhouse', true)),
  },
  'upgrade-workload.md': {
    'confirm-global-upgraded': not(dr),
    'confirm-global-dr-upgraded': dr,
    'plan-restarts': always,
    'k8s-version': always,
    'nodes-ready-before': always,
    'pods-not-ready-before': always,
    'service-mesh-essentials': is('service_mesh', true),
    'topolvm-backup-delete': and(from318, is('topolvm', true)),
    'topolvm-minfo-command': and(from318, is('topolvm', true)),
    'topolvm-minfo-delete': and(from318, is('topolvm', true)),
    'data-services-extensions': is('data_services', true),
    'upgrade-cluster': always,
    'nodes-ready-after': always,
    'pods-recovered-after': always,
    'topolvm-restore': and(from318, is('topolvm', true)),
    'topolvm-verify': and(from318, is('topolvm', true)),
    'clickhouse-reinstall': and(from316, is('clickhouse', true)),
    'devops-toolchain-upgrade': is('devops', true),
    'service-mesh-upgrade': is('service_mesh', true),
  },
};

export const RUNBOOKS = Object.keys(NEEDS);

export function expectedSteps(runbook: string, params: ParamValues): string[] {
  return Object.entries(NEEDS[runbook]!).filter(([, need]) => need(params)).map(([id]) => id);
}
