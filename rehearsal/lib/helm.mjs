// @ts-check
// REHEARSAL toolbox: helm3 (and helm): uninstall, list, status, version.
import { parseArgs } from './args.mjs';
import { logCommand, prelude } from './console-rules.mjs';
import { deleteObject } from './objects.mjs';
import { transact } from './state.mjs';
import { fail, iso, notSimulated, out } from './util.mjs';
import { rt } from './runtime.mjs';

/** @param {string[]} args */
export function helm(args) {
  const spec = {
    '-n': 'value', '--namespace': 'value', '-A': 'bool', '--all-namespaces': 'bool', '-q': 'bool', '--short': 'bool', '-a': 'bool', '--all': 'bool',
    '--wait': 'bool', '--timeout': 'value', '--keep-history': 'bool', '--no-hooks': 'bool', '--kubeconfig': 'value', '--kube-context': 'value',
    '-o': 'value', '--output': 'value', '--debug': 'bool', '--cascade': 'value', '--ignore-not-found': 'bool',
    alias: { '--namespace': '-n', '--all-namespaces': '-A', '--short': '-q', '--all': '-a', '--output': '-o' },
  };
  const parsed = parseArgs(args, spec);
  if (!parsed || parsed.missing) return notSimulated('helm3', args);
  const { flags, pos } = parsed;
  const cmd = pos.shift();
  const ns = flags['-n'] || 'default';
  if (cmd === 'version') { logCommand('helm3', args); return out(flags['-q'] ? 'v3.14.4+g81c902a\n' : 'version.BuildInfo{Version:"v3.14.4", GitCommit:"81c902a123462fd4052bc5e9aa9c513c4c8fc142", GitTreeState:"clean", GoVersion:"go1.21.9"}\n'); }
  const fn = {
    uninstall: () => {
      if (!pos.length) fail(1, 'Error: "helm uninstall" requires at least 1 argument\n\nUsage:  helm uninstall RELEASE_NAME [...] [flags]');
      return transact((st) => {
        prelude(st, 'helm3', args);
        for (const name of pos) {
          const r = st.helm.find((x) => x.name === name && x.namespace === ns);
          if (!r) { if (flags['--ignore-not-found']) continue; fail(1, `Error: uninstall: Release not loaded: ${name}: release: not found`); }
          st.helm = st.helm.filter((x) => x !== r);
          for (const o of st.objects.filter((x) => x.metadata.annotations?.['meta.helm.sh/release-name'] === name && x.metadata.annotations?.['meta.helm.sh/release-namespace'] === ns)) deleteObject(st, o);
          if (name === 'etcd-sync' && st.etcdSync && !st.etcdSync.removedAt) { st.etcdSync.removedAt = iso(rt.now); st.etcdSync.removedBy = 'helm3 uninstall'; }
          out(`release "${name}" uninstalled\n`);
        }
      });
    },
    list: () => transact((st) => {
      prelude(st, 'helm3', args);
      const rs = st.helm.filter((r) => flags['-A'] || r.namespace === ns).sort((a, b) => (a.name < b.name ? -1 : 1));
      if (flags['-o'] === 'json') return out(`${JSON.stringify(rs.map((r) => ({ name: r.name, namespace: r.namespace, revision: String(r.revision), updated: helmTime(r.updated), status: r.status, chart: r.chart, app_version: r.appVersion })))}\n`);
      if (flags['-o'] && flags['-o'] !== 'table') return notSimulated('helm3', args);
      if (flags['-q']) return out(rs.map((r) => `${r.name}\n`).join(''));
      const rows = [['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION'], ...rs.map((r) => [r.name, r.namespace, r.revision, helmTime(r.updated), r.status, r.chart, r.appVersion])];
      const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
      out(rows.map((r) => r.map((x, i) => (i === r.length - 1 ? String(x) : String(x).padEnd(w[i]))).join('\t')).join('\n') + '\n');
    }),
    status: () => transact((st) => {
      prelude(st, 'helm3', args);
      const r = st.helm.find((x) => x.name === pos[0] && x.namespace === ns);
      if (!r) fail(1, 'Error: release: not found');
      out(`NAME: ${r.name}\nLAST DEPLOYED: ${new Date(r.updated).toUTCString()}\nNAMESPACE: ${r.namespace}\nSTATUS: ${r.status}\nREVISION: ${r.revision}\nTEST SUITE: None\n`);
    }),
  };
  /** @type {Record<string, 'uninstall' | 'list' | 'status'>} */
  const alias = { del: 'uninstall', delete: 'uninstall', un: 'uninstall', uninstall: 'uninstall', list: 'list', ls: 'list', status: 'status' };
  const name = alias[cmd ?? ''];
  const f = name && fn[name];
  if (!f) return notSimulated('helm3', args);
  return f();
}
/** @param {string} isoS */
export const helmTime = (isoS) => `${isoS.replace('T', ' ').replace('Z', '')}.482917311 +0000 UTC`;
