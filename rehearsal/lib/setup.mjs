// @ts-check
// REHEARSAL toolbox: setup: create the sandbox state and the simulated unpacked package.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageMarker, upgradeShScript } from './package-files.mjs';
import { initialState } from './platform.mjs';
import { readState, statePath, writeState } from './state.mjs';
import { fail, out } from './util.mjs';
import { rt } from './runtime.mjs';

/** The realpath of the longest existing prefix of p, plus the rest. @param {string} p */
export function realish(p) {
  let cur = path.resolve(rt.cwd, p);
  /** @type {string[]} */
  const rest = [];
  for (;;) {
    try { return path.join(fs.realpathSync(cur), ...rest.reverse()); } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return path.resolve(rt.cwd, p);
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}
/** @param {string} root @param {string} p */
export const inside = (root, p) => p === root || p.startsWith(root.endsWith('/') ? root : `${root}/`);

export function setup() {
  if (!rt.sb) fail(1, 'rehearsal/setup: RUNBOOK_REHEARSAL_DIR is not set; the toolbox only runs inside a rehearsal sandbox');
  if (!path.isAbsolute(rt.sb)) fail(1, `rehearsal/setup: RUNBOOK_REHEARSAL_DIR=${rt.sb} is not an absolute path`);
  const sbReal = realish(rt.sb);
  if (sbReal === '/' || sbReal === realish(os.homedir()) || sbReal.split('/').filter(Boolean).length < 2) {
    fail(1, `rehearsal/setup: RUNBOOK_REHEARSAL_DIR=${rt.sb} is not a sandbox directory (refusing to write there)`);
  }
  // Every directory param must lie in the sandbox: the runner re-roots absolute paths into it.
  const dirs = [];
  for (const [k, v] of Object.entries(rt.env)) {
    if (!/^[A-Z][A-Z0-9_]*_DIR$/.test(k) || k.startsWith('RUNBOOK_') || !v) continue;
    if (!path.isAbsolute(v)) { if (k === 'PACKAGE_DIR') fail(1, `rehearsal/setup: PACKAGE_DIR=${v} is not an absolute path; refusing to guess where to write`); continue; }
    const r = realish(v);
    if (!inside(sbReal, r)) {
      if (k === 'PACKAGE_DIR') fail(1, `rehearsal/setup: PACKAGE_DIR=${v} lies outside the sandbox ${rt.sb}; refusing to write there`);
      continue; // not a re-rooted param (e.g. SSL_CERT_DIR): left alone
    }
    dirs.push([k, v]);
  }
  fs.mkdirSync(rt.sb, { recursive: true });
  fs.writeFileSync(path.join(rt.sb, '.sim-node'), `${process.execPath}\n`);
  let st, fresh = false;
  if (fs.existsSync(statePath())) ({ st } = readState());
  else { st = initialState(); fresh = true; writeState(st); }
  for (const [k, v] of dirs) {
    fs.mkdirSync(v, { recursive: true });
    if (k === 'PACKAGE_DIR') writePackage(v, st);
  }
  const p = st.params;
  out(`[REHEARSAL] simulated ACP toolbox ${fresh ? 'ready' : 'resumed (existing state kept)'}: ${p.clusterName} cluster, ACP ${st.platform.version} -> ${st.platform.target}, Kubernetes ${st.kube.gitVersion}, DR ${p.dr ? 'on' : 'off'}, registry ${p.registry}${p.topolvm ? ', TopoLVM' : ''}; state ${statePath()}\n`);
}

/**
 * Write the simulated unpacked package into dir.
 * @param {string} dir
 * @param {import('./types.mjs').State} st
 */
export function writePackage(dir, st) {
  const tpl = upgradeShScript();
  const f = path.join(dir, 'upgrade.sh');
  let cur = null;
  try { cur = fs.readFileSync(f, 'utf8'); } catch { /* new */ }
  if (cur !== tpl) { fs.writeFileSync(`${f}.tmp`, tpl, { mode: 0o755 }); fs.renameSync(`${f}.tmp`, f); }
  const marker = path.join(dir, 'REHEARSAL-PACKAGE.txt');
  if (!fs.existsSync(marker)) {
    fs.writeFileSync(marker, packageMarker(st.platform.target, rt.sb));
    fs.mkdirSync(path.join(dir, 'res'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'res', 'VERSION'), `v${st.platform.target}\n`);
  }
}
