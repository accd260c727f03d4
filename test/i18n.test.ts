// Every message catalog speaks en, zh and ru: the same keys, and the same {placeholders} in each.
import { describe, expect, it } from 'vitest';
import { catalogs, LANGS, translator, uiLang, format } from '../src/i18n/index.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('message catalogs', () => {
  it('registers the catalogs of every area', () => {
    expect(Object.keys(catalogs)).toEqual(expect.arrayContaining(['cli', 'tui']));
  });

  for (const [name, catalog] of Object.entries(catalogs)) {
    describe(name, () => {
      const keys = new Set(LANGS.flatMap((l) => Object.keys(catalog[l] ?? {})));

      it.each([...LANGS])('has every key in %s', (lang) => {
        const missing = [...keys].filter((k) => catalog[lang]?.[k] === undefined);
        expect(missing, `keys of the ${name} catalog missing in ${lang}`).toEqual([]);
      });

      it('has no empty message', () => {
        const empty = LANGS.flatMap((l) => Object.entries(catalog[l] ?? {}).filter(([, v]) => !v.trim()).map(([k]) => `${l}:${k}`));
        expect(empty).toEqual([]);
      });

      it('uses the same {placeholders} in every language', () => {
        const mismatched: string[] = [];
        for (const k of keys) {
          const en = placeholders(catalog.en[k] ?? '');
          for (const l of LANGS) {
            const got = placeholders(catalog[l]?.[k] ?? '');
            if (JSON.stringify(got) !== JSON.stringify(en)) mismatched.push(`${name}.${k} (${l}: {${got.join('},{')}} vs en: {${en.join('},{')}})`);
          }
        }
        expect(mismatched).toEqual([]);
      });
    });
  }
});

describe('translator', () => {
  it('falls back to English for an unknown language and to the key for an unknown key', () => {
    const t = translator({ en: { a: 'A {x}' }, zh: { a: '甲 {x}' }, ru: { a: 'А {x}' } }, 'de');
    expect(t('a', { x: 1 })).toBe('A 1');
    expect(t('nope')).toBe('nope');
    expect(uiLang('zh_CN.UTF-8')).toBe('zh');
    expect(format('{a} {b}', { a: 1 })).toBe('1 {b}');
  });
});
