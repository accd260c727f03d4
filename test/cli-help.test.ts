// `runbook help`, `COMMAND --help`, "did you mean", --lang spellings: all from the one definition
// of the commands (src/commands/shared/spec.ts), described in en, zh and ru.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { COMMAND_SPECS, flagsOf, visibleCommands } from '../src/commands/shared/spec.js';
import { help } from '../src/i18n/help.js';
import { commandHelp } from '../src/commands/help.js';
import { cliCommand, setCliName } from '../src/i18n/index.js';
import { nearest } from '../src/engine/core/suggest.js';
import { ROOT, runCli } from './helpers/cli.js';
import { packagesLoadedBy } from './helpers/imports.js';

const LANGS = ['en', 'zh', 'ru'] as const;

/** A command's help as the binary prints it when started as the tests start it (node bin/runbook.js). */
function printedHelp(name: string, lang: string): string {
  const was = cliCommand();
  setCliName('node bin/runbook.js');
  try {
    return commandHelp(name, lang);
  } finally {
    setCliName(was);
  }
}

describe('help', () => {
  for (const lang of LANGS) {
    it(`help COMMAND describes every flag in ${lang}, with examples`, () => {
      const t = help[lang] as Record<string, string>;
      for (const name of visibleCommands()) {
        const text = printedHelp(name, lang);
        expect(text).toContain(t[`cmd.${name}`]);
        for (const flag of Object.keys(flagsOf(name))) {
          expect(text, `${name} --${flag}`).toContain(`--${flag}`);
          expect(text, `${name} --${flag}`).toContain(t[`flag.${name}.${flag}`] ?? t[`flag.${flag}`]);
        }
        COMMAND_SPECS[name]!.examples.forEach((ex, i) => {
          expect(text).toContain(`node bin/runbook.js ${ex}`);
          expect(text).toContain(t[`example.${name}.${i + 1}`]);
        });
      }
    });
  }

  // Every command through both ways of asking, each language in turn (a start of the binary costs
  // ~0.2 s of CPU here: all of commands × languages × ways would be 72 of them).
  it('the binary prints that text for help COMMAND and for COMMAND --help', () => {
    visibleCommands().forEach((name, i) => {
      for (const [args, lang] of [[['help', name], LANGS[i % 3]!], [[name, '--help'], LANGS[(i + 1) % 3]!]] as const) {
        const r = runCli([...args, '--lang', lang]);
        expect(r.code, `${args.join(' ')} --lang ${lang}`).toBe(0);
        expect(r.stdout, `${args.join(' ')} --lang ${lang}`).toBe(printedHelp(name, lang));
      }
    });
  });

  it('runbook --help lists every command; without arguments it is a usage error (exit 2)', () => {
    const r = runCli(['--help', '--lang', 'zh']);
    expect(r.code).toBe(0);
    for (const c of visibleCommands()) expect(r.stdout).toContain(`runbook ${c}`);
    expect(r.stdout).toContain(help.zh['help.more'].replaceAll('{cli}', 'node bin/runbook.js'));
    expect(runCli([]).code).toBe(2);
  });

  it('--help given as the value of a flag is a value, not a request for help', () => {
    const r = runCli(['plan', 'upgrade-prepare', '--param', '--help']);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('Flags:');
  });
});

describe('did you mean', () => {
  it('ranks by edit distance and keeps only the nearest', () => {
    expect(nearest('rn', ['run', 'resume', 'render', 'list'])).toEqual(['run']);
    expect(nearest('stauts', ['status', 'list'])).toEqual(['status']);
    expect(nearest('upgrade-prepar.md', ['upgrade-prepare.md', 'upgrade-global.md'])).toEqual(['upgrade-prepare.md']);
    expect(nearest('zzzz', ['run', 'plan'])).toEqual([]);
  });

  const cases: [string, string[], string][] = [
    ['command', ['rnu'], 'did you mean run?'],
    ['flag', ['run', 'upgrade-prepare', '--rehears'], 'did you mean --rehearse?'],
    ['runbook', ['plan', 'upgrade-prepar'], 'did you mean upgrade-prepare?'],
    ['param', ['plan', 'upgrade-prepare', '--param', 'form=3.16'], 'did you mean from?'],
    ['param value', ['plan', 'upgrade-prepare', '--param', 'from=3.81'], 'did you mean 3.16, 3.18?'],
    ['step id', ['run', 'upgrade-prepare', '--dry-run', '--rehearse', '--only', 'run-checklst'], 'did you mean run-checklist?'],
    ['language', ['plan', 'upgrade-prepare', '--lang', 'rus'], 'did you mean ru?'],
  ];
  for (const [what, args, expected] of cases) {
    it(`an unknown ${what}: exit 2 and the nearest candidate`, () => {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(expected);
    });
  }

  it('speaks the chosen language', () => {
    expect(runCli(['plan', 'upgrade-prepare', '--param', 'form=3.16', '--lang', 'zh']).stderr).toContain('您是不是想输入 from?');
    expect(runCli(['plan', 'upgrade-prepare', '--param', 'form=3.16', '--lang', 'ru']).stderr).toContain('возможно, имелось в виду from?');
  });
});

describe('--lang spellings', () => {
  it('RU, ru_RU.UTF-8 and zh-CN name ru, ru and zh', () => {
    const ru = runCli(['plan', 'upgrade-prepare', '--param', 'from=3.18', '--lang', 'ru']).stdout;
    expect(ru).toContain('язык ru');
    expect(runCli(['plan', 'upgrade-prepare', '--param', 'from=3.18', '--lang', 'RU']).stdout).toBe(ru);
    expect(runCli(['plan', 'upgrade-prepare', '--param', 'from=3.18', '--lang', 'ru_RU.UTF-8']).stdout).toBe(ru);
    expect(runCli(['plan', 'upgrade-prepare', '--param', 'from=3.18', '--lang', 'zh-CN']).code).toBe(0);
  });
});

describe('help and completion stay light', () => {
  it('do not import ink or react', () => {
    const bare = packagesLoadedBy(...['help', 'completion', 'complete'].map((c) => join(ROOT, 'dist', 'commands', `${c}.js`)));
    expect(bare.filter((s) => /^(ink|react)(\/|$)/.test(s))).toEqual([]);
  });
});
