// @ts-check
// REHEARSAL toolbox: kubectl delete, create, apply and patch.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { selectObjects, targets } from './kubectl-targets.mjs';
import { parseYamlDocs } from './yaml.mjs';
import { KINDS, apiVersionOf, qualified, spawnPod } from './model.mjs';
import { deleteObject, findObj, notFound } from './objects.mjs';
import { clone, err, fail, iso, notSimulated, out } from './util.mjs';
import { rt } from './runtime.mjs';

/** @typedef {import('./types.mjs').State} State */
/** @typedef {import('./types.mjs').KubectlCall} KubectlCall */
/** @typedef {import('./types.mjs').Obj} Obj */
/** @typedef {{ f: string, d: any, kind: string, ns: string | undefined }} Manifest one object of a -f file */

/**
 * The objects of the -f files (`-` = stdin), Lists unpacked.
 * @param {KubectlCall} c
 * @returns {Manifest[]}
 */
export function readManifests(c) {
  /** @type {string[]} */
  const files = c.flags['-f'] || [];
  /** @type {{ f: string, d: any }[]} */
  const docs = [];
  for (const f of files) {
    /** @type {string} */
    let text = '';
    try { text = f === '-' ? c.stdin ?? '' : fs.readFileSync(path.resolve(rt.cwd, f), 'utf8'); } catch {
      fail(1, `error: the path "${f}" does not exist`);
    }
    /** @type {any[]} */
    let parsed = [];
    try { parsed = /^\s*[{[]/.test(text) ? [JSON.parse(text)] : parseYamlDocs(text); } catch (e) { fail(1, `error: error parsing ${f}: ${e instanceof Error ? e.message : e}`); }
    for (const d of parsed) {
      if (!d || typeof d !== 'object') continue;
      if (d.kind === 'List' || (typeof d.kind === 'string' && d.kind.endsWith('List') && Array.isArray(d.items))) docs.push(...d.items.map((/** @type {any} */ x) => ({ f, d: x })));
      else docs.push({ f, d });
    }
  }
  if (!docs.length) fail(1, 'error: no objects passed to ' + c.cmd);
  return docs.map(({ f, d }) => {
    /** @type {string} */
    const kind = d.kind && KINDS[d.kind] ? d.kind : notSimulated('kubectl', c.args, `kind "${d.kind}"`);
    if (!d.metadata?.name) fail(1, `error: error when retrieving current configuration of ${f}: resource name may not be empty`);
    return { f, d, kind, ns: KINDS[kind]?.ns ? (d.metadata.namespace || c.flags['-n'] || 'default') : undefined };
  });
}

/**
 * @param {State} st
 * @param {KubectlCall} c
 */
export function kDelete(st, c) {
  /** @type {string[]} */
  const errors = [];
  /** @param {Obj} x */
  const del = (x) => { deleteObject(st, x); out(`${qualified(x.kind)} "${x.metadata.name}" deleted\n`); };
  if (c.flags['-f']) {
    for (const m of readManifests(c)) {
      const x = findObj(st, m.kind, m.d.metadata.name, m.ns);
      if (x) del(x); else if (!c.flags['--ignore-not-found']) errors.push(`Error from server (NotFound): error when deleting "${m.f}": ${qualified(m.kind, true)} "${m.d.metadata.name}" not found`);
    }
  } else {
    const tg = targets(c.pos, c.args);
    if (!tg.length) fail(1, 'error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
    const named = tg.some((t) => t.name);
    if (!named && !c.flags['--all'] && !c.flags['-l'] && !c.flags['--field-selector']) fail(1, 'error: resource(s) were provided, but no name was specified');
    if (named) {
      for (const t of tg) {
        const x = findObj(st, t.kind, t.name ?? '', c.ns);
        if (x) del(x); else if (!c.flags['--ignore-not-found']) errors.push(notFound(t.kind, t.name ?? ''));
      }
    } else {
      const found = selectObjects(st, c, tg.map((t) => t.kind)).flat();
      if (!found.length && !c.flags['--ignore-not-found']) err(`No resources found${c.flags['-A'] ? '' : ` in ${c.ns} namespace`}.\n`);
      found.forEach(del);
    }
  }
  if (errors.length) fail(1, errors.join('\n'));
}

/**
 * @param {State} st
 * @param {KubectlCall} c
 */
export function kCreateApply(st, c) {
  if (!c.flags['-f']) return notSimulated('kubectl', c.args);
  /** @type {string[]} */
  const errors = [];
  for (const m of readManifests(c)) {
    const existing = findObj(st, m.kind, m.d.metadata.name, m.ns);
    const id = `${qualified(m.kind)}/${m.d.metadata.name}`;
    if (c.cmd === 'create' && existing) { errors.push(`Error from server (AlreadyExists): error when creating "${m.f}": ${qualified(m.kind, true)} "${m.d.metadata.name}" already exists`); continue; }
    if (existing) {
      const before = JSON.stringify(existing);
      const patch = clone(m.d);
      delete patch.status; delete patch.metadata.uid; delete patch.metadata.creationTimestamp; delete patch.metadata.resourceVersion;
      mergePatch(existing, patch);
      out(`${id} ${JSON.stringify(existing) === before ? 'unchanged' : 'configured'}\n`);
      continue;
    }
    const x = clone(m.d);
    x.apiVersion = x.apiVersion || apiVersionOf(m.kind);
    x.metadata = { ...x.metadata, uid: crypto.randomUUID(), creationTimestamp: iso(rt.now) };
    delete x.metadata.resourceVersion;
    if (m.ns) x.metadata.namespace = m.ns; else delete x.metadata.namespace;
    if (m.kind === 'Deployment' || m.kind === 'DaemonSet') {
      st.objects.push(x);
      const n = m.kind === 'Deployment' ? (x.spec?.replicas ?? 1) : st.cluster.nodes.length;
      for (let i = 0; i < n; i++) spawnPod(st, x, st.cluster.nodes[i % st.cluster.nodes.length] ?? '', rt.now);
    } else {
      if (m.kind === 'ArtifactVersion') x.status = x.status || { phase: 'Present' };
      st.objects.push(x);
    }
    out(`${id} created\n`);
  }
  if (errors.length) fail(1, errors.join('\n'));
}

/**
 * JSON merge patch (RFC 7386), in place.
 * @param {any} target
 * @param {any} patch
 */
export function mergePatch(target, patch) {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete target[k];
    else if (v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object' && !Array.isArray(target[k])) mergePatch(target[k], v);
    else target[k] = clone(v);
  }
}

/**
 * @param {State} st
 * @param {KubectlCall} c
 */
export function kPatch(st, c) {
  const tg = targets(c.pos, c.args);
  const [t] = tg;
  if (tg.length !== 1 || !t?.name || !c.flags['-p']) return notSimulated('kubectl', c.args);
  const x = findObj(st, t.kind, t.name, c.ns) ?? fail(1, notFound(t.kind, t.name));
  /** @type {any} */
  let p;
  try { p = JSON.parse(c.flags['-p']); } catch { try { [p] = parseYamlDocs(c.flags['-p']); } catch { fail(1, `error: unable to parse "${c.flags['-p']}": invalid patch`); } }
  const before = JSON.stringify(x);
  const type = c.flags['--type'] || 'strategic';
  if (type === 'json') {
    for (const op of p) {
      /** @type {string[]} */
      const keys = op.path.split('/').slice(1).map((/** @type {string} */ s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const last = keys.pop() ?? '';
      const parent = keys.reduce((/** @type {any} */ a, k) => (a == null ? a : a[Array.isArray(a) ? Number(k) : k]), x);
      if (parent == null) fail(1, `The request is invalid: the server rejected our request due to an error in our request`);
      if (op.op === 'remove') { if (Array.isArray(parent)) parent.splice(Number(last), 1); else delete parent[last]; } else if (op.op === 'add' || op.op === 'replace') {
        if (Array.isArray(parent)) { if (last === '-') parent.push(op.value); else if (op.op === 'add') parent.splice(Number(last), 0, op.value); else parent[Number(last)] = op.value; } else parent[last] = op.value;
      } else return notSimulated('kubectl', c.args, `json patch op "${op.op}"`);
    }
  } else if (type === 'merge' || type === 'strategic') mergePatch(x, p);
  else return notSimulated('kubectl', c.args);
  out(`${qualified(x.kind)}/${x.metadata.name} ${JSON.stringify(x) === before ? 'patched (no change)' : 'patched'}\n`);
}
