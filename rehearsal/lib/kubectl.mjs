// @ts-check
// REHEARSAL toolbox: kubectl: argument parsing, dispatch and `get`.
import { parseArgs } from './args.mjs';
import { prelude } from './console-rules.mjs';
import { evalPath, jsonpath } from './jsonpath.mjs';
import { kClusterInfo, kConfig, kLogs, kRollout, kVersion, kWait, versionInfo } from './kubectl-info.mjs';
import { kCreateApply, kDelete, kPatch } from './kubectl-write.mjs';
import { ETCD_SYNC_NS, KINDS, qualified } from './model.mjs';
import { findObj, notFound, view } from './objects.mjs';
import { PRINTERS, labelsCell } from './printers.mjs';
import { selectObjects, targets } from './kubectl-targets.mjs';
import { transact } from './state.mjs';
import { loadYaml, toYaml } from './yaml.mjs';
import { err, fail, notSimulated, out, table } from './util.mjs';
import { rt } from './runtime.mjs';

/** @type {Record<string, any>} */
export const KUBECTL_FLAGS = {
  '-n': 'value', '--namespace': 'value', '-A': 'bool', '--all-namespaces': 'bool', '-l': 'value', '--selector': 'value',
  '-o': 'value', '--output': 'value', '--no-headers': 'bool', '--show-labels': 'bool', '--field-selector': 'value',
  '--ignore-not-found': 'bool', '--all': 'bool', '--wait': 'bool', '--force': 'bool', '--now': 'bool', '--grace-period': 'value',
  '--timeout': 'value', '-f': 'multi', '--filename': 'multi', '--kubeconfig': 'value', '--context': 'value', '--cluster': 'value',
  '--request-timeout': 'value', '-c': 'value', '--container': 'value', '--tail': 'value', '--since': 'value', '--timestamps': 'bool',
  '--all-containers': 'bool', '--follow': 'bool', '-p': 'value', '--patch': 'value', '--type': 'value', '--for': 'value',
  '--client': 'bool', '--raw': 'value', '--chunk-size': 'value', '-v': 'value', '--v': 'value', '--dry-run': 'value',
  '--prefix': 'bool', '--max-log-requests': 'value', '--cascade': 'value', '--validate': 'value', '--save-config': 'bool',
  '--previous': 'bool', '--output-watch-events': 'bool', '--allow-missing-template-keys': 'bool',
  alias: {
    '--namespace': '-n', '--all-namespaces': '-A', '--selector': '-l', '--output': '-o', '--filename': '-f', '--container': '-c',
    '--patch': '-p', '--v': '-v',
  },
};

/** @typedef {import('./types.mjs').State} State */
/** @typedef {import('./types.mjs').KubectlCall} KubectlCall */
/** @typedef {import('./types.mjs').Obj} Obj */

/** @param {string[]} args */
export async function kubectl(args) {
  const sub = args.find((a) => !a.startsWith('-'));
  // `logs -f` follows; every other -f is a filename
  const spec = sub === 'logs' ? { ...KUBECTL_FLAGS, '-f': 'bool', '-p': 'bool', alias: { ...KUBECTL_FLAGS.alias, '-f': '--follow', '-p': '--previous' } } : KUBECTL_FLAGS;
  const parsed = parseArgs(args, spec);
  if (!parsed) return notSimulated('kubectl', args);
  if (parsed.missing) fail(1, `error: flag needs an argument: '${parsed.missing.replace(/^-+/, '')}' in ${parsed.missing}`);
  const { flags, pos } = parsed;
  const cmd = pos.shift() ?? '';
  const ns = flags['-n'] || 'default';
  const touches = flags['-A'] || ns === ETCD_SYNC_NS;
  /** @type {Record<string, (st: State, c: KubectlCall) => unknown>} */
  const handlers = { get: kGet, delete: kDelete, logs: kLogs, version: kVersion, create: kCreateApply, apply: kCreateApply, patch: kPatch, wait: kWait, rollout: kRollout, 'cluster-info': kClusterInfo, config: kConfig };
  const h = handlers[cmd];
  if (!h) return notSimulated('kubectl', args);
  if (flags['-f'] || cmd === 'patch' || args.some((a) => a.includes('yaml'))) await loadYaml();
  // Read before the state is locked: in `kubectl get … | kubectl apply -f -` the writer needs the state too.
  const stdin = flags['-f']?.includes('-') ? await rt.io.readStdin() : undefined;
  return transact((st) => { prelude(st, 'kubectl', args, touches); return h(st, { flags, pos, ns, args, cmd, stdin }); });
}

/**
 * @param {State} st
 * @param {KubectlCall} c
 */
export function kGet(st, c) {
  if (c.flags['--raw'] !== undefined) {
    const r = c.flags['--raw'];
    if (/^\/(readyz|livez|healthz)(\?.*)?$/.test(r)) return out('ok');
    if (r === '/version') return out(`${JSON.stringify(versionInfo(st), null, 2)}\n`);
    return notSimulated('kubectl', c.args);
  }
  if (!c.pos.length) fail(1, 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples');
  const tg = targets(c.pos, c.args);
  /** @type {string} */
  const o = c.flags['-o'] || '';
  const fmt = o.split('=')[0] ?? '';
  if (!['', 'wide', 'name', 'json', 'yaml', 'jsonpath', 'custom-columns'].includes(fmt)) return notSimulated('kubectl', c.args, `output format "${o}"`);
  /** @type {string[]} */
  const errors = [];
  /** @type {{ kind: string, items: Obj[] }[]} */
  let groups;
  const named = tg.some((t) => t.name);
  if (named) {
    groups = [];
    for (const t of tg) {
      const x = findObj(st, t.kind, t.name ?? '', c.ns);
      if (!x) { if (!c.flags['--ignore-not-found']) errors.push(notFound(t.kind, t.name ?? '')); continue; }
      let g = groups.find((gg) => gg.kind === t.kind);
      if (!g) groups.push(g = { kind: t.kind, items: [] });
      g.items.push(view(st, x));
    }
  } else {
    const kinds = tg.map((t) => t.kind);
    groups = selectObjects(st, c, kinds).map((items, i) => ({ kind: kinds[i] ?? '', items: items.map((x) => view(st, x)) }));
  }
  const all = groups.flatMap((g) => g.items);
  const single = named && tg.length === 1;
  const asList = () => ({ apiVersion: 'v1', items: all, kind: 'List', metadata: { resourceVersion: '' } });
  const doc = () => (single && all.length === 1 ? all[0] : asList());
  if (fmt === 'json') { if (all.length || !named) out(`${JSON.stringify(doc(), null, 4)}\n`); } else if (fmt === 'yaml') { if (all.length || !named) out(toYaml(doc())); } else if (fmt === 'name') {
    out(all.map((x) => `${qualified(x.kind)}/${x.metadata.name}\n`).join(''));
  } else if (fmt === 'jsonpath') {
    let tpl = o.slice(o.indexOf('=') + 1);
    if (o.indexOf('=') < 0) fail(1, 'error: template format specified but no template given');
    tpl = tpl.replace(/^'(.*)'$/s, '$1');
    if (all.length || !named) {
      try { out(jsonpath(tpl, doc())); } catch (e) {
        fail(1, `error: error executing jsonpath ${JSON.stringify(tpl)}: Error executing template: ${e instanceof Error ? e.message : e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${tpl}\n\tobject given to jsonpath engine was:\n\t\t${JSON.stringify(doc()).slice(0, 400)}\n`);
      }
    }
  } else if (fmt === 'custom-columns') {
    const spec = o.slice(o.indexOf('=') + 1).split(',').map((p) => { const [h = '', e = ''] = p.split(':'); return { h, e }; });
    const rows = all.map((x) => spec.map((s) => { let v; try { v = evalPath(s.e.replace(/^\{|\}$/g, ''), x, x); } catch { v = []; } return v.length ? v.map((y) => (typeof y === 'object' ? JSON.stringify(y) : String(y))).join(',') : '<none>'; }));
    if (all.length) out(table(c.flags['--no-headers'] ? rows : [spec.map((s) => s.h), ...rows]));
  } else {
    const multi = groups.length > 1 || (!named && tg.length > 1);
    const blocks = [];
    for (const g of groups) {
      if (!g.items.length) continue;
      const p = PRINTERS[g.kind];
      if (!p) continue;
      const wide = fmt === 'wide' && p.wide && p.wideRow ? { head: p.wide, row: p.wideRow } : null;
      const nsCol = c.flags['-A'] && KINDS[g.kind]?.ns;
      const head = [...(nsCol ? ['NAMESPACE'] : []), ...p.head, ...(wide ? wide.head : []), ...(c.flags['--show-labels'] ? ['LABELS'] : [])];
      const rows = g.items.map((x) => {
        const r = p.row(x);
        if (multi) r[0] = `${qualified(g.kind)}/${r[0]}`;
        return [...(nsCol ? [x.metadata.namespace ?? ''] : []), ...r, ...(wide ? wide.row(x) : []), ...(c.flags['--show-labels'] ? [labelsCell(x)] : [])];
      });
      blocks.push(table(c.flags['--no-headers'] ? rows : [head, ...rows]));
    }
    out(blocks.join('\n'));
    if (!all.length && !errors.length && !c.flags['--ignore-not-found']) {
      const anyNs = tg.some((t) => KINDS[t.kind]?.ns);
      err(`No resources found${anyNs && !c.flags['-A'] ? ` in ${c.ns} namespace` : ''}.\n`);
    }
  }
  if (errors.length) fail(1, errors.join('\n'));
}
