import { describe as suite, expect, it } from 'vitest';
import {
  checkExpr, compareVersions, describe, evaluate, namesIn, parseExpr, shorthandToExpr,
  type Expr, type ParamInfo, type Value,
} from '../src/engine/document/conditions.js';

function parse(src: string): Expr {
  const r = parseExpr(src);
  if (!r.expr) throw new Error(`parse failed: ${src}: ${r.error?.message} @${r.error?.offset}`);
  return r.expr;
}
function run(src: string, vars: Record<string, Value> = {}) {
  return evaluate(parse(src), (n) => (Object.hasOwn(vars, n) ? vars[n] : undefined));
}
const val = (src: string, vars: Record<string, Value> = {}) => run(src, vars).value;
const err = (src: string) => parseExpr(src).error;

const PARAMS: Record<string, ParamInfo> = {
  from: { type: 'choice', choices: ['3.16', '3.18', '4.0'] },
  registry: { type: 'choice', choices: ['builtin', 'external'] },
  dr: { type: 'boolean' },
  registry_address: { type: 'string' },
  registry_password: { type: 'secret' },
};
const check = (src: string, extra?: Set<string>) => checkExpr(parse(src), PARAMS, extra);

suite('parse + evaluate: operators', () => {
  it.each([
    ['1 == 1', true], ['1 == 2', false], ['"a" != "b"', true], ['"a" != "a"', false],
    ['1 < 2', true], ['2 < 1', false], ['2 <= 2', true], ['3 <= 2', false],
    ['2 > 1', true], ['1 > 2', false], ['2 >= 2', true], ['1 >= 2', false],
    ['true && true', true], ['true && false', false], ['false || true', true], ['false || false', false],
    ['!true', false], ['!false', true], ['!!true', true], ['true', true], ['false', false],
  ] as const)('%s → %s', (src, expected) => {
    expect(val(src)).toBe(expected);
  });

  it('compares strings, numbers and booleans by their text', () => {
    expect(val('from == 3.16', { from: '3.16' })).toBe(true);
    expect(val('from == "3.16"', { from: '3.16' })).toBe(true);
    expect(val('from == 3.10', { from: '3.10' })).toBe(true); // the literal keeps its source text
    expect(val('from == 3.1', { from: '3.10' })).toBe(false);
    expect(val('dr == "true"', { dr: true })).toBe(true);
    expect(val('dr == true', { dr: 'true' })).toBe(true);
    expect(val('n == "3"', { n: 3 })).toBe(true);
    expect(val("'a' == \"a\"")).toBe(true);
  });

  it('treats strings "true"/"false" as booleans, anything else used as a condition is an error', () => {
    expect(val('dr', { dr: 'true' })).toBe(true);
    expect(val('!dr', { dr: 'false' })).toBe(true);
    expect(val('"true" && dr', { dr: true })).toBe(true);
    const r = run('registry && dr', { registry: 'external-secret-value', dr: true });
    expect(r.value).toBeUndefined();
    expect(r.error?.offset).toBe(0);
    expect(r.error?.message).toContain("'registry' is not a boolean");
    expect(r.error?.message).not.toContain('external-secret-value');
    expect(run('3 || true').error?.message).toMatch(/not a boolean/);
    expect(run('dr', { dr: 1 }).error).toBeDefined();
  });
});

suite('precedence and parentheses', () => {
  it('&& binds tighter than ||', () => {
    expect(val('true || false && false')).toBe(true);
    expect(val('(true || false) && false')).toBe(false);
    expect(parse('a || b && c')).toMatchObject({ type: 'logical', op: '||', right: { type: 'logical', op: '&&' } });
  });
  it('comparisons bind tighter than && / ||', () => {
    expect(parse('a == 1 && b == 2')).toMatchObject({
      type: 'logical', op: '&&', left: { type: 'compare', op: '==' }, right: { type: 'compare', op: '==' },
    });
    expect(val('x == "a" || x == "b"', { x: 'b' })).toBe(true);
  });
  it('! binds tighter than comparisons', () => {
    expect(parse('!a == b')).toMatchObject({ type: 'compare', left: { type: 'not' } });
    expect(val('!dr == false', { dr: true })).toBe(true);
    expect(val('!(x == "a")', { x: 'a' })).toBe(false);
  });
  it('is left-associative for && and ||', () => {
    expect(parse('a && b && c')).toMatchObject({ type: 'logical', left: { type: 'logical' }, right: { type: 'name', name: 'c' } });
  });
  it('accepts redundant parentheses and whitespace', () => {
    expect(val(' ( ( (dr) ) )\n&&\t!(false) ', { dr: true })).toBe(true);
  });
  it('produces a JSON-serialisable AST', () => {
    const e = parse('!(from >= 3.16) || dr && x != "y"');
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });
});

suite('literals, quotes and escapes', () => {
  it('parses both quote styles and the three escapes', () => {
    expect(parse(String.raw`"a\"b"`)).toMatchObject({ type: 'string', value: 'a"b' });
    expect(parse(String.raw`'it\'s'`)).toMatchObject({ type: 'string', value: "it's" });
    expect(parse(String.raw`"back\\slash"`)).toMatchObject({ type: 'string', value: 'back\\slash' });
    expect(parse(`"it's"`)).toMatchObject({ value: "it's" });
    expect(parse(`'say "hi"'`)).toMatchObject({ value: 'say "hi"' });
    expect(parse('""')).toMatchObject({ type: 'string', value: '' });
  });
  it('keeps the source text of numbers', () => {
    expect(parse('3.16')).toEqual({ type: 'number', value: 3.16, raw: '3.16', offset: 0 });
    expect(parse('42')).toMatchObject({ type: 'number', value: 42, raw: '42' });
  });
  it('parses true/false as booleans and other words as names', () => {
    expect(parse('true')).toMatchObject({ type: 'boolean', value: true });
    expect(parse('_x9')).toMatchObject({ type: 'name', name: '_x9' });
    expect(parse('K8S_VERSION')).toMatchObject({ type: 'name', name: 'K8S_VERSION' });
  });
});

suite('version comparison', () => {
  it('compareVersions orders dotted versions numerically', () => {
    expect(compareVersions('3.9', '3.16')).toBe(-1);
    expect(compareVersions('3.16', '3.9')).toBe(1);
    expect(compareVersions('1.28', '1.28.0')).toBe(0);
    expect(compareVersions('1.31', '1.28')).toBe(1);
    expect(compareVersions('v1.28.3', '1.28.10')).toBe(-1);
    expect(compareVersions('010', '9')).toBe(1);
    expect(compareVersions('123456789012345678901', '123456789012345678902')).toBe(-1);
    expect(compareVersions('b', 'a')).toBe(1);
    expect(compareVersions('abc', 'abc')).toBe(0);
    expect(compareVersions('3.9-rc', '3.16')).toBe(1); // not a version: plain text
  });
  it('ordering operators use it', () => {
    expect(val('"3.9" < "3.16"')).toBe(true);
    expect(val('from < 3.16', { from: '3.9' })).toBe(true);
    expect(val('"1.28" <= "1.28.0"')).toBe(true);
    expect(val('"1.28" >= "1.28.0"')).toBe(true);
    expect(val('"1.28" < "1.28.0"')).toBe(false);
    expect(val('k8s >= "1.28"', { k8s: '1.31' })).toBe(true);
    expect(val('k8s >= 1.28', { k8s: 'v1.27.9' })).toBe(false);
    expect(val('"b" > "a"')).toBe(true);
  });
  it('== stays textual', () => {
    expect(val('"1.28" == "1.28.0"')).toBe(false);
  });
});

suite('unknown values and short-circuit', () => {
  it('an undefined name makes the result unknown and is reported', () => {
    expect(run('from == "3.16"')).toEqual({ value: undefined, missing: ['from'] });
    expect(run('!dr')).toEqual({ value: undefined, missing: ['dr'] });
    expect(run('a == b && a == c')).toEqual({ value: undefined, missing: ['a', 'b', 'c'] });
    expect(run('dr && true')).toEqual({ value: undefined, missing: ['dr'] });
    expect(run('dr || false')).toEqual({ value: undefined, missing: ['dr'] });
  });
  it('short-circuit decides despite unknowns, in either order', () => {
    expect(run('false && dr')).toEqual({ value: false, missing: [] });
    expect(run('true || dr')).toEqual({ value: true, missing: [] });
    expect(run('dr && false')).toEqual({ value: false, missing: [] });
    expect(run('dr || true')).toEqual({ value: true, missing: [] });
    expect(run('x == "a" && dr', { x: 'b' })).toEqual({ value: false, missing: [] });
  });
  it('does not evaluate the right side when the left decides', () => {
    const seen: string[] = [];
    evaluate(parse('false && a || true || b'), (n) => { seen.push(n); return undefined; });
    expect(seen).toEqual([]);
    expect(run('dr || registry', { dr: true, registry: 'x' }).error).toBeUndefined();
  });
  it('never throws, even if the lookup does', () => {
    const r = evaluate(parse('a'), () => { throw new Error('boom'); });
    expect(r.value).toBeUndefined();
    expect(r.error?.message).toContain('boom');
  });
  it('namesIn lists each name once, in order', () => {
    expect(namesIn(parse('b == "x" || !(a && b) && c < 1'))).toEqual(['b', 'a', 'c']);
    expect(namesIn(parse('"b" == 1'))).toEqual([]);
  });
});

suite('syntax errors with offsets', () => {
  it.each([
    ['from == "3.16', 8, /unterminated string/],
    ["x == 'abc\\'", 5, /unterminated string/],
    ['x == "a\\n"', 7, /unknown escape/],
    ['dr &&', 5, /expected a value after '&&'/],
    ['dr ||', 5, /expected a value/],
    ['from ==', 7, /expected a value/],
    ['!', 1, /expected a value/],
    ['', 0, /empty expression/],
    ['   ', 3, /empty expression/],
    ['a < b < c', 6, /cannot be chained/],
    ['a == b != c', 7, /cannot be chained/],
    ['from(', 4, /function calls/],
    ['from("x")', 4, /function calls/],
    ['a.b == 1', 1, /property access/],
    ['x == "a" && cfg.path', 15, /property access/],
    ['dr; reboot', 2, /unexpected character ';'/],
    ['a = "b"', 2, /use '=='/],
    ['a & b', 2, /use '&&'/],
    ['a | b', 2, /use '\|\|'/],
    ['a b', 2, /unexpected 'b'/],
    ['(a && b', 0, /never closed/],
    ['(a b)', 3, /expected '\)'/],
    ['a)', 1, /unmatched '\)'/],
    ['()', 1, /expected a value, found '\)'/],
    ['1.28.0 < x', 0, /quote versions/],
    ['3abc', 0, /malformed number/],
    ['$(rm -rf ~)', 0, /unexpected character '\$'/],
    ['x == `id`', 5, /unexpected character/],
    ['a == -1', 5, /unexpected character '-'/],
  ] as const)('%j → offset %i', (src, offset, message) => {
    const r = parseExpr(src);
    expect(r.expr).toBeUndefined();
    expect(r.error?.offset).toBe(offset);
    expect(r.error?.message).toMatch(message);
  });

  it('rejects pathological input without throwing', () => {
    expect(err('('.repeat(200) + 'a' + ')'.repeat(200))?.message).toMatch(/nested too deeply/);
    expect(err('!'.repeat(500) + 'a')?.message).toMatch(/nested too deeply/);
    expect(err('a && '.repeat(1000) + 'a')?.message).toMatch(/longer than/);
    expect(parseExpr(('(').repeat(20) + 'a' + ')'.repeat(20)).expr).toBeDefined();
    expect(run('a && '.repeat(800) + 'a', { a: true }).value).toBe(true);
  });
});

suite('checkExpr', () => {
  it('accepts a correct expression', () => {
    expect(check('(from == "3.18" || from == 4.0) && !dr && registry != "builtin" && registry_address != ""')).toEqual([]);
    expect(check('from >= "3.17"')).toEqual([]); // ordering may use any version
    expect(check('dr == true || dr != "false"')).toEqual([]);
  });
  it('reports unknown names, unless they are extra names (captures)', () => {
    expect(check('frm == "3.16" && dr')).toEqual([{ message: expect.stringMatching(/unknown name 'frm'/), offset: 0 }]);
    expect(check('K8S_VERSION >= "1.28"', new Set(['K8S_VERSION']))).toEqual([]);
    expect(check('constructor')).toHaveLength(1); // not fooled by Object.prototype
  });
  it('reports a choice compared with a value outside its choices, listing them', () => {
    const problems = check('dr || from == "3.17"');
    expect(problems).toEqual([{ message: expect.stringContaining('"3.17"'), offset: 14 }]);
    expect(problems[0].message).toContain('3.16, 3.18, 4.0');
    expect(check('3.17 != from')[0]).toMatchObject({ offset: 0 });
    expect(check('registry == "External"')).toHaveLength(1);
    expect(check('from == 3.16')).toEqual([]);
  });
  it('reports boolean misuse', () => {
    expect(check('dr == "yes"')).toEqual([{ message: expect.stringMatching(/'dr' is a boolean/), offset: 6 }]);
    expect(check('dr < true')).toEqual([{ message: expect.stringMatching(/ordering operator '<'/), offset: 3 }]);
    expect(check('(from == "3.16") >= false')[0].message).toMatch(/ordering/);
    expect(check('registry')[0].message).toMatch(/'registry' is a choice param, not a boolean/);
    expect(check('dr && registry_address')[0]).toMatchObject({ offset: 6 });
    expect(check('"yes" || dr')[0].message).toMatch(/not a boolean/);
    expect(check('"true" || dr')).toEqual([]);
  });
  it('treats a choice of true/false as a boolean condition', () => {
    expect(checkExpr(parse('flag'), { flag: { type: 'choice', choices: ['true', 'false'] } })).toEqual([]);
  });
});

suite('shorthandToExpr', () => {
  const cases: [Record<string, string>, string][] = [
    [{ from: '3.16' }, 'from == "3.16"'],
    [{ from: '3.16', registry: 'external' }, 'from == "3.16" && registry == "external"'],
    [{ from: '3.18|4.0' }, '(from == "3.18" || from == "4.0")'],
    [{ dr: '' }, 'dr'],
    [{ from: '3.18|4.0', dr: '' }, '(from == "3.18" || from == "4.0") && dr'],
    [{ when: 'registry == "external" || dr' }, 'registry == "external" || dr'],
    [{ from: '3.16', when: 'registry == "external" || dr' }, 'from == "3.16" && (registry == "external" || dr)'],
    [{ x: 'say "hi" \\o/' }, 'x == "say \\"hi\\" \\\\o/"'],
    [{}, 'true'],
  ];
  it.each(cases)('%j → %s', (attrs, src) => {
    expect(shorthandToExpr(attrs)).toBe(src);
    expect(parseExpr(src).error).toBeUndefined();
  });

  it('round-trips: its output parses and evaluates as the attributes mean', () => {
    const e = parse(shorthandToExpr({ from: '3.18|4.0', registry: 'external', dr: '' }));
    const at = (from: string, registry: string, dr: boolean) => evaluate(e, (n) => ({ from, registry, dr } as Record<string, Value>)[n]).value;
    expect(at('3.18', 'external', true)).toBe(true);
    expect(at('4.0', 'external', true)).toBe(true);
    expect(at('3.16', 'external', true)).toBe(false);
    expect(at('4.0', 'builtin', true)).toBe(false);
    expect(at('4.0', 'external', false)).toBe(false);
    const quoted = parse(shorthandToExpr({ x: 'say "hi" \\o/' }));
    expect(evaluate(quoted, () => 'say "hi" \\o/').value).toBe(true);
    expect(checkExpr(e, PARAMS)).toEqual([]);
    expect(checkExpr(parse(shorthandToExpr({ from: '3.17' })), PARAMS)).toHaveLength(1);
  });
});

suite('describe', () => {
  const e = parse('from == "3.16" && dr');
  it('renders in English, Chinese and Russian', () => {
    expect(describe(e, 'en')).toBe('from = 3.16 and dr');
    expect(describe(e, 'zh')).toBe('from = 3.16 且 dr');
    expect(describe(e, 'ru')).toBe('from = 3.16 и dr');
    expect(describe(parse('a || !b'), 'en')).toBe('a or not b');
    expect(describe(parse('a || !b'), 'zh')).toBe('a 或 非 b');
    expect(describe(parse('a || !b'), 'ru')).toBe('a или не b');
    expect(describe(parse('a || b'), 'de')).toBe('a or b'); // unknown language → English
  });
  it('uses labels and renders boolean tests as the label', () => {
    const zh = { from: '当前版本', dr: '灾备' };
    expect(describe(e, 'zh', zh)).toBe('当前版本 = 3.16 且 灾备');
    expect(describe(parse('!dr'), 'ru', { dr: 'резерв' })).toBe('не резерв');
    expect(describe(parse('dr == true'), 'en', { dr: 'DR' })).toBe('DR');
    expect(describe(parse('false == dr'), 'en', { dr: 'DR' })).toBe('not DR');
    expect(describe(parse('dr != true'), 'zh', { dr: '灾备' })).toBe('非 灾备');
  });
  it('shows operators readably and keeps needed parentheses', () => {
    expect(describe(parse('a >= 1.28 && b != "x" || c <= 2 && d < 3 && e > 4'), 'en'))
      .toBe('(a ≥ 1.28 and b ≠ x) or (c ≤ 2 and d < 3 and e > 4)'); // readers need not know precedence
    expect(describe(parse('(a || b) && c'), 'en')).toBe('(a or b) and c');
    expect(describe(parse('!(a && b)'), 'en')).toBe('not (a and b)');
    expect(describe(parse('!(x == "1")'), 'ru')).toBe('не (x = 1)');
  });
});

suite('fuzz', () => {
  it('2,000 random strings never make parseExpr throw; errors point inside the text', () => {
    let seed = 0x2f6b1d;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const pieces = ['==', '!=', '<', '<=', '>', '>=', '&&', '||', '!', '(', ')', 'true', 'false', 'from', 'dr',
      '"3.16"', "'a\\'b'", '"', "'", '\\', '3.16', '42', '1.2.3', ' ', ' ', '.', ';', '=', '&', '|', '$', '{', '}',
      '\n', '-', '💥', '中', 'x.y', '`'];
    let parsed = 0;
    for (let i = 0; i < 2000; i++) {
      let src = '';
      for (let k = rnd(12); k >= 0; k--) src += pieces[rnd(pieces.length)];
      const r = parseExpr(src);
      expect(r.expr === undefined).toBe(r.error !== undefined);
      if (r.error) {
        expect(r.error.offset).toBeGreaterThanOrEqual(0);
        expect(r.error.offset).toBeLessThanOrEqual(src.length);
      } else {
        parsed++;
        expect(() => evaluate(r.expr!, () => undefined)).not.toThrow();
        expect(() => checkExpr(r.expr!, PARAMS)).not.toThrow();
        expect(typeof describe(r.expr!, 'en')).toBe('string');
        expect(parseExpr(src).expr).toEqual(r.expr); // deterministic
      }
    }
    expect(parsed).toBeGreaterThan(50); // the generator also produces valid expressions
  });
});
