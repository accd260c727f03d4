// Facts of the installation and the environment that even `--version` needs: kept free of heavy
// imports (the markdown parser costs ~100 ms to load), so light commands start fast.
import { readFileSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (holds runbooks/ and rehearsal/), found from this file's place in dist/engine/core/. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** This tool's version (package.json): printed by --version, recorded with each run for its report. */
export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The language of messages before a runbook is read (errors of flags, missing files). */
export function messageLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.RUNBOOK_LANG ?? localeLang(env.LC_ALL) ?? localeLang(env.LANG) ?? 'en';
}

/** `zh_CN.UTF-8` → `zh`; undefined for the C locale. */
export function localeLang(locale: string | undefined): string | undefined {
  if (!locale || locale === 'C' || locale === 'POSIX') return undefined;
  return locale.split(/[_.@-]/)[0]?.toLowerCase() || undefined;
}
