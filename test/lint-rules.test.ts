// Every rule lint can report, each proven on a fixture under test/fixtures/lint/: rule id, severity, line,
// column and the key words of the message (what is wrong, and what to do).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lintSource, RULES, MAX_PER_RULE } from '../src/engine/authoring/lint.js';
import type { Diagnostic } from '../src/engine/document/model.js';
import { LIMITS } from '../src/engine/document/parse.js';
import { generateRunbook } from '../bench/generate.js';

const ROOT = join(import.meta.dirname, '..');
const DIR = join(ROOT, 'test', 'fixtures', 'lint');

type Want = [line: number, column: number, severity: 'e' | 'w', rule: string, ...words: string[]];

/** The complete, exact list of findings per fixture, in order. */
const EXPECTED: Record<string, Want[]> = {
  'valid.md': [],
  'front-matter-missing.md': [
    [1, 1, 'e', 'front-matter', 'no front matter', '"---"', 'id:', 'languages:'],
  ],
  'front-matter-unclosed.md': [
    [1, 1, 'e', 'front-matter', 'never closed', 'add a line "---"'],
  ],
  'front-matter-yaml.md': [
    [3, 12, 'e', 'front-matter', 'not valid YAML', '"[" here is never closed', 'end it with "]"'],
  ],
  'front-matter-fields.md': [
    [2, 5, 'e', 'front-matter', 'id "Upgrade Global" is malformed', 'id: upgrade-global'],
    [3, 17, 'e', 'front-matter', '"if" cannot be a language code', 'use another code'],
    [3, 21, 'e', 'front-matter', '"EN" is not a language code', 'lower-case'],
    [3, 25, 'w', 'front-matter', '"en" twice', 'remove the second'],
    [4, 8, 'w', 'front-matter', 'text for "de"', 'add "de" to languages'],
    [5, 1, 'e', 'front-matter', 'unknown front matter field "author"', 'allowed: id, languages, title, params'],
  ],
  'front-matter-no-id.md': [
    [2, 1, 'e', 'front-matter', 'no id', 'id: upgrade-global'],
    [3, 8, 'w', 'missing-translation', 'title is one text', 'per language', '{en: …, zh: …}'],
  ],
  'params.md': [
    [6, 3, 'e', 'param-schema', '"Bad-Name" is malformed', 'bad_name'],
    [7, 3, 'e', 'param-schema', '$PATH', 'rename it'],
    [8, 16, 'e', 'param-schema', 'type "strng"', 'did you mean "string"', 'choice, boolean, string, secret'],
    [9, 3, 'e', 'param-schema', '"untyped" has no type', 'add "type: "'],
    [10, 3, 'e', 'param-schema', '"notmap" must be a mapping', 'type'],
    [13, 14, 'e', 'param-schema', '"fast" twice', 'remove one'],
    [14, 14, 'e', 'param-schema', 'default "medium"', 'not one of its choices: fast, slow'],
    [15, 14, 'e', 'param-schema', 'example "turbo"', 'not one of its choices'],
    [17, 3, 'e', 'param-schema', '"nochoices" needs a non-empty list', 'choices: ['],
    [17, 3, 'w', 'param-example', 'neither default nor example', 'add "example: …"'],
    [18, 34, 'e', 'param-schema', 'boolean param "flag"', 'true or false', '"yes"'],
    [19, 34, 'e', 'param-schema', 'secret param "token" cannot have a default', 'remove it', '$TOKEN'],
    [20, 3, 'w', 'param-example', '"name" has neither default nor example'],
    [20, 33, 'e', 'param-schema', '"choices" only goes with type choice', 'type: choice'],
    [20, 41, 'e', 'param-schema', 'unknown field "colour"', 'allowed: type, label'],
    [21, 3, 'e', 'param-schema', 'label of param "nolabel" is missing', '{en: …, zh: …}'],
    [22, 48, 'w', 'missing-translation', '"halflabel" has no zh text', 'add zh: …'],
    [23, 47, 'w', 'missing-translation', '"onelabel" is one text', 'per language'],
    [24, 3, 'w', 'param-example', '"noexample"', 'example'],
  ],
  'env-names.md': [
    [6, 3, 'e', 'param-schema', '$LD_AUDIT', 'dynamic loader', 'rename it'],
    [7, 3, 'e', 'param-schema', '$GCONV_PATH', 'rename it'],
    [8, 3, 'e', 'param-schema', '$NODE_OPTIONS', 'rename it'],
    [9, 3, 'e', 'param-schema', '$PYTHONPATH', 'rename it'],
    [10, 3, 'e', 'param-schema', '$PERL5OPT', 'rename it'],
    [11, 3, 'e', 'param-schema', '$BASH_FUNC_X', 'rename it'],
    [12, 3, 'e', 'param-schema', '$CDPATH', 'rename it'],
    [13, 3, 'e', 'param-schema', '$POSIXLY_CORRECT', 'rename it'],
    [14, 3, 'e', 'param-schema', '$GLOBIGNORE', 'rename it'],
    [15, 3, 'e', 'param-schema', '"__proto__" is reserved', 'choose another'],
    [16, 3, 'e', 'param-schema', '"constructor" is reserved', 'choose another'],
    [17, 3, 'e', 'param-schema', '"_" is reserved', 'choose another'],
    [21, 9, 'e', 'step-id', 'step "-" starts with "-"', 'read as an option'],
    [27, 9, 'e', 'step-id', 'step "--help" starts with "-"', 'start it with a letter'],
    [33, 9, 'e', 'step-id', 'longer than 100 characters', 'file name'],
    [39, 23, 'e', 'attribute-value', 'capture="LD_AUDIT_X"', '$LD_AUDIT_X', 'choose another name'],
    [45, 48, 'e', 'attribute-value', 'capture-overflow="truncate"', 'capture-overflow="fail"'],
  ],
  'id-dash.md': [
    [2, 5, 'e', 'front-matter', 'runbook id "--help" starts with "-"', 'read as an option'],
  ],
  'directives.md': [
    [7, 11, 'w', 'accidental-text-directive', '"nginx:latest"', 'text directive ":latest"', '`nginx:latest`', 'nginx\\:latest'],
    [7, 24, 'w', 'accidental-text-directive', '"10:30"', '":30"', '10\\:30'],
    [7, 45, 'w', 'accidental-text-directive', '"1:2"', '":2"', '1\\:2'],
    [7, 56, 'e', 'unknown-directive', 'unknown text directive ":kbd[…]"', ':en[…], :zh[…]', 'escape the colon'],
    [7, 71, 'e', 'unknown-directive', '":de[…]"', 'not in languages [en, zh]', 'add "de" to languages'],
    [11, 1, 'e', 'unknown-directive', 'unknown directive ":::note"', 'known: en, zh', 'if, run, check, wait, manual'],
    [15, 1, 'e', 'unknown-directive', 'unknown directive "::warning"', 'escape the colons'],
    [17, 1, 'e', 'directive-kind', '"::en" (two colons)', ':::en', ':en[…]'],
    [19, 1, 'e', 'directive-kind', '"::run" has two colons', ':::run{…}'],
    [21, 7, 'e', 'directive-kind', '":run" is written as an inline', 'on a line of its own'],
    [23, 1, 'e', 'unknown-directive', '":::fr"', 'not in languages [en, zh]', 'add it to languages'],
    [27, 7, 'e', 'directive-syntax', 'not read as a directive', 'remove the space before "{"', ':::run{#spaced}'],
    [31, 1, 'e', 'stray-fence', 'stray ":::"', 'line 27', 'not read as a directive'],
    [33, 4, 'e', 'directive-syntax', 'remove the space after the colons', ':::manual'],
    [34, 1, 'e', 'stray-fence', 'line 33'],
    [36, 29, 'e', 'directive-syntax', 'quote " opened here for "expect" is never closed', 'close it with "'],
    [40, 1, 'e', 'stray-fence', 'line 36'],
    [42, 7, 'e', 'directive-syntax', 'label "[" is never closed', 'end it with "]"'],
    [44, 4, 'e', 'directive-syntax', 'not a directive', 'the name is missing'],
    [46, 3, 'e', 'directive-placement', '"in-list"', 'inside a list item', 'would never run', 'top level'],
    [52, 1, 'w', 'unknown-attribute', 'attributes on the language block :::en are ignored', 'remove the {…}'],
    [55, 1, 'w', 'unknown-attribute', ':::zh takes no [label]', 'put the text inside'],
    [61, 1, 'w', 'missing-translation', ':::en without :::zh', 'add a block :::zh'],
    [62, 1, 'e', 'directive-placement', ':::zh inside the :::en block of line 61', 'close :::en first'],
    [69, 1, 'w', 'missing-translation', ':::zh without :::en'],
    [70, 1, 'e', 'directive-placement', '"in-language"', 'inside the :::zh block', 'move it out of the language block'],
    [77, 1, 'e', 'directive-syntax', '"::check {#leaf-like}" is not read as a directive', ':::check{…}'],
    [79, 1, 'e', 'directive-syntax', '"::en[x]{a" is not read as a directive', ':::en'],
    [81, 1, 'e', 'unknown-directive', 'unknown directive ":::note"'],
    [82, 1, 'e', 'directive-placement', 'step "hidden"', 'inside the unknown :::note block', 'would never run'],
  ],
  'short-close.md': [
    [7, 1, 'e', 'unclosed-container', '"::::run{#four-colons}" is never closed', 'add a line "::::"'],
    [11, 1, 'e', 'stray-fence', '":::" cannot close "::::run" (line 7)', '4 colons', 'write "::::"'],
  ],
  'nesting-trap.md': [
    [9, 1, 'e', 'container-nesting', '":::manual" at line 9 holds ":::en" (line 10)', 'as many colons', '":::" at line 12 closes :::manual early',
      'open it with "::::manual{#click-upgrade}"', 'close it with "::::"', '":::" at line 16 is then left over'],
    [16, 1, 'e', 'container-nesting', 'stray ":::"', 'meant to close :::manual (line 9)', 'fix the colons at line 9'],
    [19, 1, 'e', 'container-nesting', '":::run" at line 19 holds ":::en" (line 20)', 'open it with "::::run{#sync-standby}"',
      '"::::if" at line 18 then needs 5 colons', 'line 29 is then left over'],
    [29, 1, 'e', 'container-nesting', 'meant to close :::run (line 19)', 'fix the colons at line 19'],
    [34, 1, 'e', 'stray-fence', 'stray ":::" closes nothing', 'remove it', 'more colons'],
  ],
  'unclosed.md': [
    [8, 1, 'e', 'unclosed-container', ':::en (line 8) is not closed', '"::::" at line 13 closes :::run', 'add a line ":::"'],
    [10, 1, 'e', 'step-code', 'inside the :::en block', 'nothing to run', 'move it out'],
    [15, 3, 'e', 'unclosed-container', ':::en (line 15) is not closed before the list item', 'add a line ":::" inside it'],
    [20, 1, 'e', 'unclosed-container', '":::manual{#never-closed}" is never closed', 'end of the file', 'add a line ":::"'],
  ],
  'steps.md': [
    [11, 1, 'e', 'step-id', 'run step without an id', 'add {#upload-images}'],
    [17, 9, 'e', 'step-id', '"Upload_Images" is malformed', '#upload-images'],
    [29, 11, 'e', 'duplicate-id', 'duplicate step id "upload"', 'first used at line 23', 'rename one'],
    [35, 1, 'e', 'step-code', '"no-code" has no code block', '```bash', ':::manual'],
    [43, 1, 'e', 'step-code', '"two-blocks" has 2 code blocks', 'exactly one', 'split the step'],
    [49, 1, 'e', 'step-code', '"python"', 'write ```bash'],
    [55, 1, 'e', 'step-code', 'unlabelled', 'write ```bash'],
    [61, 1, 'e', 'step-code', '"empty" is empty', 'write the commands'],
    [65, 14, 'e', 'unknown-attribute', 'unknown attribute "timout"', 'did you mean "timeout"', 'allowed: when, capture, capture-overflow, timeout, cwd, retries'],
    [65, 24, 'e', 'unknown-attribute', 'a class (.fancy)', 'remove it'],
    [71, 20, 'e', 'unknown-attribute', '"expect" is not an attribute of run steps', 'only of check, wait'],
    [71, 32, 'e', 'unknown-attribute', '"interval" is not an attribute of run steps', 'only of wait'],
    [77, 18, 'e', 'duplicate-attribute', 'id is given twice', '"twice" and "again"', 'keep one'],
    [77, 35, 'e', 'duplicate-attribute', '"when" is given twice', 'keep one'],
    [81, 29, 'e', 'attribute-value', 'timeout="soon" is not a duration', '30s, 10m or 2h'],
    [81, 43, 'e', 'attribute-value', 'interval="0s"', 'positive number'],
    [81, 46, 'e', 'unknown-attribute', '"retries" is not an attribute of wait steps', 'only of run, check'],
    [87, 26, 'e', 'attribute-value', 'retries="-1"', 'whole number from 0 to 100'],
    [87, 38, 'e', 'attribute-value', 'capture="1abc" is not a variable name', 'letters, digits and "_"'],
    [87, 49, 'e', 'attribute-value', 'cwd="" names no directory', 'write a path'],
    [93, 29, 'e', 'attribute-value', 'expect="([a-z]" is not a valid regular expression', 'escape special characters'],
    [99, 24, 'e', 'attribute-value', 'capture="PATH" would replace $PATH', 'choose another name'],
    [105, 29, 'e', 'attribute-value', 'capture="DR" has the name of param "dr"', 'choose another name'],
    [111, 29, 'e', 'attribute-value', 'interval 10m is longer than the timeout (1m)', 'shorten the interval'],
    [118, 1, 'e', 'nested-step', 'step "inner"', 'inside the step at line 117', 'close the outer step'],
    [126, 1, 'e', 'nested-step', ':::if) inside a step', 'when="…"'],
  ],
  'conditions.md': [
    [9, 43, 'e', 'condition-names', '"when" of param "early" uses "late"', 'declared after it', 'move "late" above "early"'],
    [11, 42, 'e', 'condition-names', '"self" has a "when" that uses itself'],
    [12, 42, 'e', 'condition-names', 'unknown name "form"', 'did you mean "from"', 'declare it under params'],
    [15, 39, 'e', 'condition-syntax', 'expected a value after \'&&\'', 'at character 18'],
    [21, 34, 'e', 'condition-syntax', 'unexpected character \'=\'', 'use \'==\' to compare'],
    [27, 23, 'e', 'condition-names', 'unknown name "form"', 'not a param or a capture', 'capture=…'],
    [33, 38, 'e', 'condition-value', '"3.17" is not one of the choices of \'from\': 3.16, 3.18', 'compare it with one of those'],
    [39, 34, 'e', 'condition-value', '\'dr\' is a boolean', 'true or false'],
    [45, 27, 'e', 'condition-type', '\'nodes\' is a string param, not a boolean', 'compare it with a value'],
    [51, 27, 'e', 'condition-type', 'ordering operator \'>\' used on a boolean', '== and !='],
    [57, 23, 'e', 'condition-syntax', 'function calls are not allowed'],
    [63, 34, 'e', 'condition-names', 'capture "VERSION"', 'step "sets-capture" (line 69) sets only later', 'move that step before it'],
    [75, 13, 'e', 'condition-value', 'from="3.17|3.18"', '"3.17" is not one of the choices'],
    [78, 7, 'e', 'condition-names', '"frm" is not a param', 'did you mean "from"'],
    [81, 18, 'e', 'condition-syntax', 'empty alternative', 'from="a|b"'],
    [84, 1, 'e', 'condition-syntax', ':::if without a condition', ':::if{when="…"}'],
    [87, 7, 'e', 'unknown-attribute', ':::if takes param tests', '#an-id', 'remove it'],
    [90, 13, 'e', 'condition-syntax', '\'(\' is never closed'],
  ],
  'translations.md': [
    [4, 8, 'w', 'missing-translation', 'title has no ru text', 'en is shown instead', 'add ru: …'],
    [9, 1, 'w', 'missing-translation', 'heading has phrases in en, zh but none in ru', 'add :ru[…]'],
    [11, 1, 'w', 'missing-translation', ':::en, :::zh without :::ru', 'add a block :::ru'],
    [15, 1, 'w', 'duplicate-language-block', 'second :::en block in a row', 'merge the two'],
    [21, 1, 'w', 'missing-translation', ':::en, :::ru without :::zh', 'add a block :::zh'],
    [28, 11, 'w', 'missing-translation', 'label has phrases in en, ru but none in zh', 'add :zh[…]'],
    [40, 1, 'w', 'missing-translation', 'paragraph has phrases in en, zh but none in ru'],
  ],
  'binary-content.md': [
    [9, 14, 'e', 'binary-content', '3 control characters (NUL)', 'is it really a text runbook'],
  ],
  'control-character.md': [
    [7, 29, 'w', 'control-character', 'U+001B', 'remove it'],
  ],
  'encoding.md': [
    [7, 18, 'w', 'encoding', 'not valid UTF-8', 'save it as UTF-8'],
  ],
  'file-size.md': [
    [7, 1, 'e', 'file-size', 'more than 1000 emphasis marks', 'code block'],
  ],
  'nesting-depth.md': [
    [107, 1, 'e', 'nesting-depth', 'nested more than 100 deep', 'close them'],
  ],
  'nesting-depth-list.md': [
    [134, 1, 'e', 'nesting-depth', 'nested too deeply', 'flatten'],
  ],
};

function lintFixture(name: string): Diagnostic[] {
  return lintSource(readFileSync(join(DIR, name), 'utf8'), name);
}

describe('lint fixtures', () => {
  it('every fixture file has expectations, and every expectation a fixture', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, wants] of Object.entries(EXPECTED)) {
    it(`${name}: exactly the expected findings`, () => {
      const got = lintFixture(name);
      const short = (d: Diagnostic) => `${d.line}:${d.column} ${d.severity[0]} ${d.rule}`;
      expect(got.map(short), got.map((d) => `${short(d)}  ${d.message}`).join('\n')).toEqual(wants.map(([l, c, s, r]) => `${l}:${c} ${s} ${r}`));
      wants.forEach(([, , , , ...words], i) => {
        for (const w of words) expect(got[i]!.message, `${name} finding ${i + 1}`).toContain(w);
      });
      for (const d of got) {
        expect(d.file).toBe(name);
        expect(RULES[d.rule], `${d.rule} is registered`).toBeDefined();
      }
    });
  }

  it('covers every rule id (file and internal are proven in lint-cli and lint-internal)', () => {
    const covered = new Set(Object.values(EXPECTED).flat().map((w) => w[3]));
    const missing = Object.keys(RULES).filter((r) => !covered.has(r) && r !== 'file' && r !== 'internal');
    expect(missing).toEqual([]);
  });

  it('the sources emit no rule id that is not registered', () => {
    const ids = new Set<string>();
    for (const f of ['src/engine/document/parse.ts', 'src/engine/document/frontmatter.ts', 'src/engine/authoring/lint.ts', 'src/commands/lint.ts']) {
      const src = readFileSync(join(ROOT, f), 'utf8');
      for (const m of src.matchAll(/'([a-z]+(?:-[a-z]+)+)'/g)) ids.add(m[1]!);
      for (const m of src.matchAll(/rule: '([a-z-]+)'/g)) ids.add(m[1]!);
    }
    expect([...ids].filter((id) => !(id in RULES))).toEqual([]);
  });

  it('a runbook that lints clean has no findings in the shipped example either', () => {
    expect(lintSource(readFileSync(join(ROOT, 'test/fixtures/example.md'), 'utf8'), 'example.md')).toEqual([]);
    expect(lintSource(readFileSync(join(ROOT, 'test/fixtures/plan/operators.md'), 'utf8'), 'operators.md')).toEqual([]);
  });
});

describe('lint details', () => {
  const head = '---\nid: t\nlanguages: [en, zh]\ntitle: {en: T, zh: T}\n---\n\n';

  it('the nesting trap inside :::if{…} points at the step and says how many colons each needs', () => {
    const src = `${head}:::if{when="true"}\n:::manual{#m}\n:::en\nx\n:::\n:::zh\ny\n:::\n:::\n:::\n`;
    const ds = lintSource(src, 't.md');
    const nesting = ds.filter((d) => d.rule === 'container-nesting');
    expect(nesting.map((d) => `${d.line}:${d.column}`)).toEqual(['7:1', '8:1', '15:1', '16:1']);
    expect(nesting[0]!.message).toContain('open it with ":::::if{when="true"}"');
    expect(nesting[1]!.message).toContain('open it with "::::manual{#m}"');
    expect(nesting[2]!.message).toContain('meant to close :::manual (line 8)');
    expect(nesting[3]!.message).toContain('meant to close :::if (line 7)');
    // Consequences of the mistake (blocks falling out of the step) are not reported again.
    expect(ds.filter((d) => d.rule !== 'container-nesting')).toEqual([]);
  });

  it('the trap on real runbooks: the first four-colon step of each written with three colons', () => {
    const files = ['test/fixtures/example.md', ...readdirSync(join(ROOT, 'runbooks')).filter((f) => f.endsWith('.md')).map((f) => `runbooks/${f}`)];
    for (const f of files) {
      const lines = readFileSync(join(ROOT, f), 'utf8').split('\n');
      const open = lines.findIndex((l) => /^::::(run|check|wait|manual)\b/.test(l));
      if (open < 0) continue;
      const close = lines.findIndex((l, i) => i > open && l === '::::');
      const name = /^::::(\w+)/.exec(lines[open]!)![1];
      const broken = [...lines];
      broken[open] = broken[open]!.slice(1);
      broken[close] = ':::';
      // Only what the broken colons add (the shipped runbooks are others' work in progress).
      const key = (d: Diagnostic) => `${d.line}:${d.column}:${d.rule}:${d.message}`;
      const before = new Set(lintSource(lines.join('\n'), f).map(key));
      const ds = lintSource(broken.join('\n'), f).filter((d) => d.severity === 'error' && !before.has(key(d)));
      expect(ds.map((d) => `${d.line}:${d.column} ${d.rule}`), f).toEqual([`${open + 1}:1 container-nesting`, `${close + 1}:1 container-nesting`]);
      expect(ds[0]!.message, f).toContain(`":::${name}" at line ${open + 1} holds ":::`);
      expect(ds[0]!.message, f).toContain(`open it with "${lines[open]!.length > 90 ? lines[open]!.slice(0, 87) : lines[open]}`);
      expect(ds[0]!.message, f).toContain('close it with "::::"');
      expect(ds[1]!.message, f).toContain(`meant to close :::${name} (line ${open + 1})`);
    }
  });

  it('the trap fixed as the message says lints clean', () => {
    const src = `${head}:::::if{when="true"}\n::::manual{#m}\n:::en\nx\n:::\n:::zh\ny\n:::\n::::\n:::::\n`;
    expect(lintSource(src, 't.md')).toEqual([]);
  });

  it('reads CRLF line endings and a byte-order mark like plain files', () => {
    const src = `\uFEFF${head}::::run{#a}\n:::en\nx\n:::\n:::zh\ny\n:::\n\`\`\`bash\nls\n\`\`\`\n::::\n`.replace(/\n/g, '\r\n');
    expect(lintSource(src, 't.md')).toEqual([]);
    const bad = `${head}:::run{#a}\n:::\n\n:::en\nx\n:::\n`.replace(/\n/g, '\r\n');
    expect(lintSource(bad, 't.md').map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['7:1 step-code', '10:1 missing-translation']);
  });

  it('never reports the same finding twice and caps a rule at MAX_PER_RULE findings', () => {
    const src = `${head}${'a:b '.repeat(MAX_PER_RULE + 50)}\n`;
    const ds = lintSource(src, 't.md');
    expect(ds).toHaveLength(MAX_PER_RULE + 1);
    expect(ds[MAX_PER_RULE]!.message).toContain('50 more findings of rule accidental-text-directive');
  });

  it('prose that remark-directive reads as a text directive is a warning; prose it leaves alone is not', () => {
    const cases: [string, string | undefined][] = [
      ['pull nginx:latest now', ':latest'], ['a:b', ':b'], ['a ratio 1:2', ':2'], ['at 10:30 today', ':30'],
      ['see http://registry.internal:5000/v2', ':5000'], ['key:value pairs', ':value'], ['run 1:2:3', ':3'],
      ['std::vector', undefined], ['Note: a colon and a space', undefined], ['`nginx:latest`', undefined],
      ['nginx\\:latest', undefined], [':smile:', undefined], ['IPv6 ::1', undefined],
    ];
    for (const [text, directive] of cases) {
      const ds = lintSource(`${head}${text}\n`, 't.md');
      expect(ds.map((d) => d.rule), text).toEqual(directive ? ['accidental-text-directive'] : []);
      if (directive) expect(ds[0]!.message, text).toContain(`text directive "${directive}"`);
    }
  });

  it('expression errors point inside the expression', () => {
    const src = `${head}:::run{#x when="true && nope"}\n\`\`\`bash\nls\n\`\`\`\n:::\n`;
    const [d] = lintSource(src, 't.md');
    // :::run{#x when="true && nope"} — "nope" starts at column 25.
    expect([d!.line, d!.column, d!.rule]).toEqual([7, 25, 'condition-names']);
  });

  it('an alias in the front matter is refused', () => {
    const src = '---\nid: &a t\nlanguages: [en]\ntitle: *a\n---\n';
    const [d] = lintSource(src, 't.md');
    expect([d!.line, d!.rule]).toEqual([4, 'front-matter']);
    expect(d!.message).toContain('alias');
  });

  it('a file too large to be a runbook is refused with one finding', () => {
    const ds = lintSource(`${head}${'x'.repeat(LIMITS.chars + 10)}`, 't.md');
    expect(ds.map((d) => d.rule)).toEqual(['file-size']);
    expect(ds[0]!.message).toContain('at most 4 MiB');
  });

  it('a legitimate runbook of 5,000 steps in two languages lints clean', () => {
    const big = generateRunbook(5000);
    expect(big.length).toBeGreaterThan(2_000_000);
    expect(lintSource(big, 'big.md')).toEqual([]);
  });

  it('masses of markup are refused before parsing: in the file, and in one paragraph', () => {
    // As much markup as a legitimate file of its size holds passes; far more is refused.
    const dense = `${head}${'[a] <b> `c` &d :e x\n\n'.repeat(30_000)}`;
    const ds = lintSource(dense, 't.md');
    expect(ds.map((d) => d.rule)).toEqual(['file-size']);
    expect(ds[0]!.message).toMatch(/the file holds more than \d+ markup characters/);
    const paragraph = lintSource(`${head}intro\n\n${'[a '.repeat(LIMITS.markupPerBlock + 1)}\n`, 't.md');
    expect(paragraph.map((d) => [d.line, d.rule])).toEqual([[9, 'file-size']]);
    expect(paragraph[0]!.message).toContain(`this paragraph holds more than ${LIMITS.markupPerBlock} markup characters`);
  });
});
