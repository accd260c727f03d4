// @ts-check
// REHEARSAL toolbox: violet (extension package uploader, installed on PATH per the 4.x docs).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from './args.mjs';
import { logCommand, prelude } from './console-rules.mjs';
import { obj } from './model.mjs';
import { findObj } from './objects.mjs';
import { transact } from './state.mjs';
import { fail, notSimulated, out, sleep } from './util.mjs';
import { rt } from './runtime.mjs';

/** @param {string[]} args */
export async function violet(args) {
  const cmd = args[0];
  if (cmd === 'version' || cmd === '--version' || cmd === '-v') { logCommand('violet', args); return out('violet version v4.0.3 (REHEARSAL stand-in)\n'); }
  if (cmd !== 'push') return notSimulated('violet', args);
  const spec = {
    '--platform-address': 'value', '--platform-username': 'value', '--platform-password': 'value', '--clusters': 'value', '--dest-repo': 'value',
    '--username': 'value', '--password': 'value', '--no-auth': 'bool', '--target-catalog-source': 'value', '--skip-crs': 'bool', '--skip-push': 'bool',
    '--force': 'bool', '--debug': 'bool', '--plain': 'bool', '--platform-insecure': 'bool',
  };
  const parsed = parseArgs(args.slice(1), spec);
  if (!parsed || parsed.missing) return notSimulated('violet', args);
  const { flags, pos } = parsed;
  if (pos.length !== 1) fail(1, 'Error: accepts 1 arg(s): the package file or a directory of packages');
  const missing = ['--platform-address', '--platform-username', '--platform-password'].filter((f) => !flags[f] && !flags['--skip-crs']);
  if (missing.length) fail(1, `Error: required flag(s) ${missing.map((m) => `"${m.slice(2)}"`).join(', ')} not set`);
  if (flags['--dest-repo'] && !flags['--no-auth'] && !(flags['--username'] && flags['--password'])) fail(1, 'Error: --dest-repo needs the credentials of that registry (--username and --password) or --no-auth');
  const target = path.resolve(rt.cwd, pos[0]);
  let pkgs;
  try {
    const s = fs.statSync(target);
    pkgs = s.isDirectory() ? fs.readdirSync(target).filter((f) => /\.(tgz|tar\.gz|tar)$/.test(f)).sort().map((f) => path.join(target, f)) : [target];
  } catch { fail(1, `Error: open ${pos[0]}: no such file or directory`); }
  if (!pkgs.length) fail(1, `Error: no packages found in ${pos[0]}`);
  transact((st) => prelude(st, 'violet', args));
  out(`[REHEARSAL] simulated violet push: ${pkgs.length} package(s)${flags['--dest-repo'] ? ` to ${flags['--dest-repo']}` : ''}\n`);
  for (const p of pkgs) {
    const base = path.basename(p).replace(/\.(tgz|tar\.gz|tar)$/, '');
    if (!flags['--skip-push']) { out(`pushing images of ${base} to ${flags['--dest-repo'] || 'the platform registry'} ...\n`); await sleep(60); }
    if (!flags['--skip-crs']) {
      const m = base.match(/^(.*?)[._-](?:ALL[._-])?(v\d[\w.-]*)$/);
      const artifact = m ? m[1] : base;
      const tag = m ? m[2] : 'v0.0.0';
      transact((st) => {
        const name = `${artifact}.${tag}`;
        if (!findObj(st, 'ArtifactVersion', name, 'cpaas-system')) {
          st.objects.push(obj('ArtifactVersion', name, 'cpaas-system', { 'cpaas.io/artifact-version': artifact }, rt.now, { spec: { artifact, tag, version: tag }, status: { phase: 'Present' } }));
        }
      });
      out(`created ArtifactVersion ${artifact}.${tag}${flags['--clusters'] ? ` for clusters ${flags['--clusters']}` : ''}\n`);
    }
  }
  out('push finished\n');
}
