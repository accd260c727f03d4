// runbook __complete -- LINE (hidden): the candidates for the last word of LINE (the command line
// up to the cursor), one a line, for the scripts of `runbook completion`. Everything it knows
// comes from the one definition of the commands (shared/spec.ts) and from what the tool can list:
// runbooks (RUNBOOK_PATH and shipped), their params and choices, their step ids, run ids.
import { basename, join } from 'node:path';
import { COMMAND_SPECS, LANG_CHOICES, SHELLS, flagsOf, visibleCommands, type ValueKind } from './shared/spec.js';
import { listRunbookFiles, loadRunbook } from './shared/load.js';
import { listRuns, readState, runsDir, stateRoot, STATE_FILE } from '../engine/execution/store/state.js';
import type { Runbook } from '../engine/document/model.js';
import { EXIT } from '../engine/core/errors.js';

export async function command(argv: string[]): Promise<number> {
  const line = argv[0] === '--' ? argv.slice(1).join(' ') : argv.join(' ');
  const out = await candidates(line.split(/\s+/));
  if (out.length) process.stdout.write(`${out.join('\n')}\n`);
  return EXIT.ok;
}

/** `words`: the program, then every word up to the cursor; the last one is being typed (maybe ''). */
export async function candidates(words: string[]): Promise<string[]> {
  const args = words.slice(1);
  const cur = args.pop() ?? '';
  const [cmd, ...rest] = args;
  if (cmd === undefined) return startingWith(cur, [...visibleCommands(), '--help', '--version']);
  const spec = COMMAND_SPECS[cmd];
  if (!spec || spec.hidden) return [];
  const flags = flagsOf(cmd);
  const ctx = new Context(cmd, rest);
  const prev = rest[rest.length - 1];
  const prevFlag = prev?.startsWith('--') ? flags[prev.slice(2)] : undefined;
  if (prevFlag?.value && !prev!.includes('=')) return startingWith(cur, await ctx.values(prevFlag.value.kind, cur));
  const eq = cur.indexOf('=');
  if (cur.startsWith('--') && eq > 0) {
    const f = flags[cur.slice(2, eq)];
    return f?.value ? startingWith(cur, (await ctx.values(f.value.kind, cur.slice(eq + 1))).map((v) => `${cur.slice(0, eq + 1)}${v}`)) : [];
  }
  if (cur.startsWith('-')) return startingWith(cur, Object.keys(flags).map((f) => `--${f}`));
  return spec.argKind ? startingWith(cur, await ctx.values(spec.argKind, cur)) : [];
}

function startingWith(prefix: string, list: string[]): string[] {
  return [...new Set(list.filter((c) => c.startsWith(prefix)))];
}

/** What the words typed so far tell: the runbook (given, or the run's), the state directory. */
class Context {
  private runbookCache: Runbook | null | undefined;
  constructor(readonly command: string, readonly words: string[]) {}

  async values(kind: ValueKind, cur: string): Promise<string[]> {
    if (Array.isArray(kind)) return [...kind];
    switch (kind) {
      case 'runbook': return cur.includes('/') ? [] : listRunbookFiles().map((f) => basename(f));
      case 'lang': return [...((await this.runbook())?.languages ?? LANG_CHOICES)];
      case 'shell': return [...SHELLS];
      case 'command': return visibleCommands();
      case 'run': return listRuns(this.stateRoot()).runs.map((r) => r.state.runId);
      case 'step': return (await this.runbook())?.steps.map((s) => s.id) ?? [];
      case 'param': return this.params(cur);
      default: return []; // files and directories: the shell's own completion
    }
  }

  /** `name=` for each param; after `name=`, its choices (or true/false, or its default). */
  private async params(cur: string): Promise<string[]> {
    const defs = ((await this.runbook())?.params ?? []).filter((p) => p.type !== 'secret');
    const eq = cur.indexOf('=');
    if (eq < 0) return defs.map((p) => `${p.name}=`);
    const def = defs.find((p) => p.name === cur.slice(0, eq));
    if (!def) return [];
    const values = def.type === 'boolean' ? ['true', 'false'] : def.choices ?? (def.default !== undefined ? [String(def.default)] : []);
    return values.map((v) => `${def.name}=${v}`);
  }

  private stateRoot(): string {
    return stateRoot(this.flagValue('state-dir'));
  }

  private flagValue(name: string): string | undefined {
    for (let i = 0; i < this.words.length; i++) {
      const w = this.words[i]!;
      if (w === `--${name}`) return this.words[i + 1];
      if (w.startsWith(`--${name}=`)) return w.slice(name.length + 3);
    }
    return undefined;
  }

  /** The first positional word, skipping flags and their values. */
  private positional(): string | undefined {
    const flags = flagsOf(this.command);
    for (let i = 0; i < this.words.length; i++) {
      const w = this.words[i]!;
      if (!w.startsWith('-')) return w;
      if (!w.includes('=') && flags[w.slice(2)]?.value) i++;
    }
    return undefined;
  }

  /** The runbook of FILE, or of the run RUN_ID (resume); none when it cannot be read. */
  private async runbook(): Promise<Runbook | undefined> {
    if (this.runbookCache === undefined) {
      try {
        const arg = this.positional();
        const kind = COMMAND_SPECS[this.command]!.argKind;
        const file = kind === 'run' ? (arg ? readState(join(runsDir(this.stateRoot()), arg, STATE_FILE)).runbook.path : undefined) : arg;
        this.runbookCache = file ? (await loadRunbook(file, process.env, { cache: true })).runbook : null;
      } catch {
        this.runbookCache = null;
      }
    }
    return this.runbookCache ?? undefined;
  }
}
