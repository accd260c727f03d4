// Entry point: dispatches to one command module, loaded on demand so that light commands
// (--version, lint, plan, render, list, status, report, logs) never load Ink and React. Its own
// imports are the few modules every start needs: each one more is a file for Node's ESM loader to
// read and link (~2 ms here), so even the flag parser is loaded only once a command is known.
import { EXIT } from './engine/core/errors.js';
import { messageLang } from './engine/core/env.js';
import { setCliName } from './i18n/index.js';
import { invocation } from './engine/core/invocation.js';
import { version } from './commands/shared/version.js';

export type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  lint: () => import('./commands/lint.js'),
  plan: () => import('./commands/plan.js'),
  render: () => import('./commands/render.js'),
  list: () => import('./commands/list.js'),
  run: () => import('./commands/run.js'),
  resume: () => import('./commands/resume.js'),
  status: () => import('./commands/status.js'),
  report: () => import('./commands/report.js'),
  attach: () => import('./commands/attach.js'),
  logs: () => import('./commands/logs.js'),
  completion: () => import('./commands/completion.js'),
  help: () => import('./commands/help.js'),
  __complete: () => import('./commands/complete.js'),
  __sim: () => import('./commands/sim.js'),
};

export async function main(argv: string[]): Promise<number> {
  setCliName(invocation());
  const [name, ...rest] = argv;
  try {
    if (!name || name === '--help' || name === '-h') {
      process.stdout.write((await import('./commands/help.js')).overview(messageLang(langFlag(rest))));
      return name ? EXIT.ok : EXIT.usage;
    }
    if (name === '--version' || name === '-V') {
      process.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    const load = COMMANDS[name];
    if (!load) throw (await import('./commands/help.js')).unknownCommand(name);
    if ((await import('./commands/shared/args.js')).asksForHelp(name, rest)) {
      process.stdout.write((await import('./commands/help.js')).commandHelp(name, messageLang(langFlag(rest))));
      return EXIT.ok;
    }
    // Before the command's code loads: the budget applies to the functions created afterwards.
    (await import('./engine/core/v8-tuning.js')).tuneV8();
    const { command } = await load();
    return await command(rest);
  } catch (e) {
    // The message catalogs load only now: a start that succeeds does without them.
    return (await import('./commands/shared/report-error.js')).reportError(e, langFlag(rest));
  }
}

function langFlag(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
}
