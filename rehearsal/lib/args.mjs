// @ts-check
// REHEARSAL toolbox: command-line parsing by a flag table, shared by the stand-ins.
import { truthy } from './util.mjs';

/**
 * Parse args by a flag table: {name: 'value'|'bool'|'multi'} keyed by every spelling, `alias` maps
 * spellings to the canonical name. Unknown flags → null; a value flag at the end → `missing`.
 * @param {string[]} args
 * @param {Record<string, any>} spec
 * @returns {import('./types.mjs').Parsed | null}
 */
export function parseArgs(args, spec) {
  /** @type {import('./types.mjs').Flags} */
  const flags = {};
  /** @type {string[]} */
  const pos = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { pos.push(...args.slice(i + 1)); break; }
    if (!a.startsWith('-') || a === '-') { pos.push(a); continue; }
    let name = a, val;
    if (a.startsWith('--')) { const eq = a.indexOf('='); if (eq > 0) { name = a.slice(0, eq); val = a.slice(eq + 1); } } else if (a.length > 2) {
      const short = a.slice(0, 2);
      if (spec[short] === 'value') { name = short; val = a.slice(2).replace(/^=/, ''); } else if ([...a.slice(1)].every((c) => spec[`-${c}`] === 'bool')) { for (const c of a.slice(1)) flags[spec.alias?.[`-${c}`] || `-${c}`] = true; continue; } else return null;
    }
    const kind = spec[name];
    if (!kind) return null;
    const key = spec.alias?.[name] || name;
    if (kind === 'bool') flags[key] = val === undefined ? true : truthy(val);
    else {
      if (val === undefined) { if (i + 1 >= args.length) return { flags, pos, missing: name }; val = args[++i]; }
      if (kind === 'multi') (flags[key] ||= []).push(val); else flags[key] = val;
    }
  }
  return { flags, pos };
}
