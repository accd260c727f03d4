// @ts-check
// REHEARSAL toolbox: df: two simulated filesystems.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from './args.mjs';
import { prelude } from './console-rules.mjs';
import { transact } from './state.mjs';
import { fail, notSimulated, out } from './util.mjs';
import { rt } from './runtime.mjs';

/** @typedef {{ source: string, fstype: string, target: string, sizeG: number, usedG: number }} Filesystem */

/** The simulated node's filesystems. @type {Filesystem[]} */
export const FILESYSTEMS = [
  { source: '/dev/mapper/vg0-root', fstype: 'xfs', target: '/', sizeG: 500, usedG: 96 },
  { source: '/dev/mapper/vg1-cpaas', fstype: 'xfs', target: '/cpaas', sizeG: 1024, usedG: 210 },
];
/** @param {string[]} args */
export function df(args) {
  const spec = { '-h': 'bool', '--human-readable': 'bool', '-H': 'bool', '--si': 'bool', '-k': 'bool', '-m': 'bool', '-P': 'bool', '--portability': 'bool', '-T': 'bool', '--print-type': 'bool', '-B': 'value', '--block-size': 'value', '--output': 'value', '-l': 'bool', '--local': 'bool', '-x': 'value', '-t': 'value', alias: { '--human-readable': '-h', '--portability': '-P', '--print-type': '-T', '--block-size': '-B', '--local': '-l' } };
  // bare `--output` means every field
  const norm = args.map((a) => (a === '--output' ? '--output=source,fstype,itotal,iused,iavail,ipcent,size,used,avail,pcent,file,target' : a));
  const parsed = parseArgs(norm, spec);
  if (!parsed || parsed.missing) return notSimulated('df', args);
  const { flags, pos } = parsed;
  return transact((st) => {
    prelude(st, 'df', args);
    const availOverride = rt.env.RUNBOOK_REHEARSAL_DF_AVAIL_GB;
    /** @param {string} p @returns {Filesystem} */
    const fsFor = (p) => {
      let real = path.resolve(rt.cwd, p);
      const sb = path.resolve(rt.sb);
      if (real === sb || real.startsWith(`${sb}/`)) {
        if (!fs.existsSync(real)) fail(1, `df: ${p}: No such file or directory`);
        const rootDir = path.join(sb, 'root');
        real = real.startsWith(`${rootDir}/`) ? real.slice(rootDir.length) : '/';
      }
      return FILESYSTEMS.filter((f) => real === f.target || real.startsWith(f.target === '/' ? '/' : `${f.target}/`)).pop() ?? /** @type {Filesystem} */ (FILESYSTEMS[0]);
    };
    const list = pos.length ? pos.map((p) => ({ f: fsFor(p), file: p })) : FILESYSTEMS.map((f) => ({ f, file: '-' }));
    const G = 1024 ** 3;
    let unit = 1024, suffix = '', human = false, si = false;
    if (flags['-h']) human = true;
    if (flags['-H']) { human = true; si = true; }
    if (flags['-m']) unit = 1024 ** 2;
    if (flags['-B']) {
      const m = flags['-B'].match(/^(\d*)([KMGTP]?)(i?B?)$/i);
      if (!m) fail(1, `df: invalid --block-size argument '${flags['-B']}'`);
      /** @type {Record<string, number>} */
      const mults = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5 };
      const letter = (m[2] ?? '').toUpperCase();
      unit = (Number(m[1]) || 1) * (mults[letter] ?? 1);
      suffix = m[1] ? '' : letter;
    }
    const blocksHead = human ? 'Size' : flags['-P'] && !flags['-B'] ? `${unit}-blocks` : `${suffix ? `1${suffix}` : unit === 1024 ? '1K' : unit === 1024 ** 2 ? '1M' : String(unit)}-blocks`;
    /** @param {number} bytes */
    const size = (bytes) => {
      if (human) {
        const base = si ? 1000 : 1024;
        const units = ['', 'K', 'M', 'G', 'T', 'P'];
        let v = bytes, i = 0;
        while (v >= base && i < units.length - 1) { v /= base; i++; }
        return v < 10 && i > 0 ? `${(Math.ceil(v * 10) / 10).toFixed(1)}${units[i]}` : `${Math.ceil(v)}${units[i]}`;
      }
      return `${Math.ceil(bytes / unit)}${suffix}`;
    };
    /** @type {string[]} */
    const fields = flags['--output'] ? flags['--output'].split(',') : ['source', ...(flags['-T'] ? ['fstype'] : []), 'size', 'used', 'avail', 'pcent', 'target'];
    /** @type {Record<string, string>} */
    const heads = { source: 'Filesystem', fstype: 'Type', size: blocksHead, used: 'Used', avail: human ? 'Avail' : 'Available', pcent: flags['-P'] ? 'Capacity' : 'Use%', target: 'Mounted on', file: 'File', itotal: 'Inodes', iused: 'IUsed', iavail: 'IFree', ipcent: 'IUse%' };
    if (flags['--output'] && fields.includes('avail')) heads.avail = 'Avail';
    const rows = [fields.map((f) => heads[f] ?? fail(1, `df: '${f}': not a valid field for --output`))];
    for (const { f, file } of list) {
      const sz = f.sizeG * G;
      const av = availOverride !== undefined && availOverride !== '' ? Number(availOverride) * G : (f.sizeG - f.usedG) * G;
      const used = sz - av;
      /** @type {Record<string, string>} */
      const cells = { source: f.source, fstype: f.fstype, size: size(sz), used: size(used), avail: size(av), pcent: `${Math.ceil((used / sz) * 100)}%`, target: f.target, file, itotal: '262144000', iused: '412871', iavail: '261731129', ipcent: '1%' };
      rows.push(fields.map((k) => cells[k] ?? ''));
    }
    const right = fields.map((k) => !['source', 'fstype', 'target', 'file'].includes(k));
    const w = fields.map((k, i) => Math.max(right[i] && k !== 'pcent' ? 5 : 0, ...rows.map((r) => (r[i] ?? '').length)));
    out(rows.map((r) => r.map((cell, i) => (right[i] ? cell.padStart(w[i] ?? 0) : i === r.length - 1 ? cell : cell.padEnd(w[i] ?? 0))).join(' ').replace(/\s+$/, '')).join('\n') + '\n');
  });
}
