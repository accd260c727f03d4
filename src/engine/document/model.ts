// The parsed runbook: plain, JSON-serialisable data shared by lint, plan, render, the executor and the UI.

export type Lang = string;
/** Text per language code; a missing language falls back to the runbook's first language. */
export type Localized = Record<Lang, string>;

export interface Position {
  line: number;
  column: number;
}

export type ParamType = 'choice' | 'boolean' | 'string' | 'secret';

export interface ParamDef {
  name: string;
  type: ParamType;
  label: Localized;
  default?: string | boolean;
  choices?: string[];
  /** Expression source: the param is asked for only when it holds. */
  when?: string;
  example?: string;
  /** Environment variable the value is exported as (upper-cased name). */
  env: string;
}

/** The step directives, in the order the contract lists them; the one list of step kinds. */
export const STEP_KINDS = ['run', 'check', 'wait', 'manual'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
/** Kinds the runner executes (a manual step is confirmed instead). */
export const EXECUTABLE_KINDS: readonly StepKind[] = STEP_KINDS.filter((k) => k !== 'manual');

export function isStepKind(name: string): name is StepKind {
  return (STEP_KINDS as readonly string[]).includes(name);
}

export interface CodeBlock {
  lang: string;
  value: string;
  position: Position;
}

export interface Step {
  id: string;
  kind: StepKind;
  /** Per-language title; `titleSource` says where it came from (label, heading inside, heading before, id). */
  title: Localized;
  /** Raw directive attributes (without id). */
  attrs: Record<string, string>;
  /** The code block run by run/check/wait; undefined for manual steps (or an invalid step). */
  script?: CodeBlock;
  /** Code blocks of a manual step, shown for copying. */
  snippets: CodeBlock[];
  /** Condition expressions that must all hold: enclosing `:::if`s outermost first, then the step's own `when`. */
  conditions: string[];
  /** Markdown of the step's body per language (language blocks and shared content, code excluded for executables). */
  body: Localized;
  /** Documentation between the previous step and this one, per language (markdown). */
  intro: Localized;
  /** Languages for which the body/title fell back to the first language. */
  untranslated: Lang[];
  /** Index into Runbook.sections of the section it belongs to (-1: before any heading). */
  section: number;
  position: Position;
  /** sha256 of the step's definition (kind, attrs, conditions, script); prose changes do not change it. */
  hash: string;
  // Parsed execution attributes (validated by lint; defaults applied).
  capture?: string;
  timeoutMs?: number;
  intervalMs?: number;
  retries: number;
  expect?: string;
  cwd?: string;
}

export interface Section {
  title: Localized;
  depth: number;
  position: Position;
  conditions: string[];
}

export interface Runbook {
  path: string;
  id: string;
  languages: Lang[];
  title: Localized;
  params: ParamDef[];
  sections: Section[];
  steps: Step[];
  /** sha256 of the whole file. */
  sha256: string;
}

/** A problem found while parsing or linting, vfile style. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  message: string;
  rule: string;
  /** The message's key in the lint catalog (src/i18n/lint.ts), to show it in another language. */
  key?: string;
  /** The values of the key's {placeholders}; a value may itself be a message (a translated fragment). */
  vars?: Record<string, LintVar>;
}

/** A lint message before it is put into words: a key of the lint catalog and its values. */
export interface LintMessage {
  key: string;
  vars: Record<string, LintVar>;
}
export type LintVar = string | number | LintMessage;

export const DEFAULT_WAIT_INTERVAL_MS = 10_000;
export const DEFAULT_WAIT_TIMEOUT_MS = 10 * 60_000;

/** Pick the text of a language, falling back to the first language of the runbook. */
export function pick(text: Localized, lang: Lang, languages: Lang[]): { text: string; fallback: boolean } {
  if (text[lang] !== undefined) return { text: text[lang]!, fallback: false };
  for (const l of languages) if (text[l] !== undefined) return { text: text[l]!, fallback: l !== lang };
  const any = Object.values(text)[0];
  return { text: any ?? '', fallback: any !== undefined };
}

/** `30s`, `10m`, `2h`, `1h30m`, `500ms` → milliseconds; undefined when malformed. */
export function parseDuration(src: string): number | undefined {
  const m = /^\s*((?:\d+(?:\.\d+)?(?:ms|s|m|h)\s*)+)$/.exec(src);
  if (!m) return undefined;
  let total = 0;
  for (const part of src.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    const n = Number(part[1]);
    total += n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[part[2] as 'ms' | 's' | 'm' | 'h'];
  }
  return Math.round(total);
}

export function envName(paramName: string): string {
  return paramName.toUpperCase();
}
