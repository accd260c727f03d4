// What a message catalog is: the same keys in en, zh and ru, typed from the English messages.
// Imports nothing, so every catalog file can use it without a cycle through index.ts.

export const LANGS = ['en', 'zh', 'ru'] as const;
export type UiLang = (typeof LANGS)[number];
export type Vars = Record<string, string | number>;

/** One area's messages: the same keys in every language. */
export type Catalog<K extends string = string> = Record<UiLang, Record<K, string>>;
export type KeyOf<C> = C extends Catalog<infer K> ? K : never;
export type Translate<K extends string> = (key: K, vars?: Vars) => string;

/** A catalog whose keys are those of its English messages; zh and ru must have exactly these. */
export function defineCatalog<K extends string>(c: { en: Record<K, string>; zh: Record<NoInfer<K>, string>; ru: Record<NoInfer<K>, string> }): Catalog<K> {
  return c;
}
