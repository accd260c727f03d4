// runbook help [COMMAND], runbook COMMAND --help, runbook --help: generated from the one
// definition of the commands (shared/spec.ts) and described in the chosen language (i18n/help.ts).
import { parseFlags, str } from './shared/args.js';
import { COMMAND_SPECS, flagsOf, usageLine, visibleCommands } from './shared/spec.js';
import { UserError, EXIT, withSuggestions } from '../engine/core/errors.js';
import { messageLang } from '../engine/core/env.js';
import { nearest } from '../engine/core/suggest.js';
import { translator, cliCommand, type Catalog, type Translate } from '../i18n/index.js';
import { help as helpCatalog } from '../i18n/help.js';

// Keys are made from the command specs (`cmd.NAME`, `flag.COMMAND.NAME`…), so they are looked up as
// text; test/cli-help.test.ts checks that every command, argument, flag and example has its message.
type T = Translate<string>;
const helpText = (lang: string): T => translator<Catalog<string>>(helpCatalog, lang);

export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('help', argv);
  const lang = messageLang(str(values.lang));
  if (positionals.length > 1) throw new UserError('error.usage', { usage: usageLine('help') }, { key: 'hint.help' });
  process.stdout.write(positionals[0] ? commandHelp(positionals[0], lang) : overview(lang));
  return EXIT.ok;
}

/** Every command with its usage line and what it does. */
export function overview(lang: string): string {
  const t = helpText(lang);
  const lines = [t('help.tagline'), '', t('help.usage')];
  for (const c of visibleCommands()) lines.push(`  ${usageLine(c)}`, `      ${t(`cmd.${c}`)}`);
  lines.push(`  runbook --help | --version`, `      ${t('help.version')}`, '', t('help.fileNote'), t('help.exitCodes'), t('help.more'), '');
  return lines.join('\n');
}

/** One command: usage, what it does, its arguments, every flag, examples. */
export function commandHelp(name: string, lang: string): string {
  const spec = COMMAND_SPECS[name];
  if (!spec || spec.hidden) throw unknownCommand(name);
  const t = helpText(lang);
  const lines = [`${t('help.usage')} ${usageLine(name)}`, '', t(`cmd.${name}`), ''];
  if (spec.args) lines.push(t('help.arguments'), `  ${t(`arg.${name}`)}`, '');
  lines.push(t('help.flags'), ...table(Object.entries(flagsOf(name)).map(([flag, f]) => [
    `${f.short ? `-${f.short}, ` : ''}--${flag}${f.value ? ` ${f.value.name}` : ''}${f.multiple ? ' ...' : ''}`,
    flagText(t, name, flag),
  ])), '');
  if (spec.examples.length) {
    lines.push(t('help.examples'));
    spec.examples.forEach((ex, i) => lines.push(`  ${cliCommand()} ${ex}`, `      ${t(`example.${name}.${i + 1}`)}`));
    lines.push('');
  }
  return lines.join('\n');
}

function flagText(t: T, command: string, flag: string): string {
  const own = `flag.${command}.${flag}`;
  const text = t(own);
  return text === own ? t(`flag.${flag}`) : text;
}

function table(rows: [string, string][]): string[] {
  const width = Math.min(28, Math.max(...rows.map(([a]) => a.length)) + 2);
  return rows.map(([a, b]) => (a.length + 2 > width ? `  ${a}\n  ${' '.repeat(width)}${b}` : `  ${a.padEnd(width)}${b}`));
}

/** An unknown command, with the nearest known ones. */
export function unknownCommand(name: string): UserError {
  return withSuggestions(new UserError('error.unknownCommand', { name }, { key: 'hint.help' }), nearest(name, visibleCommands()));
}
