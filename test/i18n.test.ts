// Every message catalog speaks en, zh and ru: the same keys, and the same {placeholders} in each.
import { describe, expect, it } from 'vitest';
import { LANGS, translator, uiLang, format } from '../src/i18n/index.js';
import { catalogs, message } from '../src/i18n/message.js';

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

describe('every message', () => {
  it('lives in exactly one catalog', () => {
    const owners = new Map<string, string[]>();
    for (const [name, catalog] of Object.entries(catalogs)) for (const k of Object.keys(catalog.en)) owners.set(k, [...(owners.get(k) ?? []), name]);
    expect([...owners].filter(([, o]) => o.length > 1).map(([k, o]) => `${k}: ${o.join(', ')}`)).toEqual([]);
  });

  it('renders in en, zh and ru with its values: no {placeholder} left, no key shown instead of text', () => {
    const bad: string[] = [];
    for (const catalog of Object.values(catalogs)) {
      for (const [key, en] of Object.entries(catalog.en)) {
        const vars = Object.fromEntries(placeholders(en).map((p) => [p, `<${p}>`]));
        for (const lang of LANGS) {
          const text = message(key, vars, lang);
          if (/\{\w+\}/.test(text) || text === key || !text.trim()) bad.push(`${lang}:${key} → ${text}`);
          for (const v of Object.values(vars)) if (!text.includes(v)) bad.push(`${lang}:${key} drops ${v}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('translator', () => {
  it('falls back to English for an unknown language and to the key for an unknown key', () => {
    const t = translator({ en: { a: 'A {x}' }, zh: { a: '甲 {x}' }, ru: { a: 'А {x}' } }, 'de');
    expect(t('a', { x: 1 })).toBe('A 1');
    expect(t('nope' as 'a')).toBe('nope');
    expect(uiLang('zh_CN.UTF-8')).toBe('zh');
    expect(format('{a} {b}', { a: 1 })).toBe('1 {b}');
  });
});
