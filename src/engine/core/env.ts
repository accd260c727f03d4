// Facts of the installation and the environment that even `--version` needs: kept free of heavy
// imports (the markdown parser costs ~100 ms to load), so light commands start fast.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What a one-file release (scripts/release-entry.mjs) tells the code before anything of ours loads:
 * where it unpacked the shipped runbooks/ and rehearsal/, how it was built, how to run itself.
 */
export interface Release {
  /** Holds runbooks/ and rehearsal/ (a private per-user cache directory, named by content hash). */
  root: string;
  version: string;
  commit: string;
  date: string;
  /** The argv that starts this program again: [executable] or [node, bundle]. */
  self: string[];
  /** The rehearsal toolbox's main (rehearsal/lib/sim.mjs), bundled in. */
  sim(argv: string[]): Promise<number>;
  /** Loads Ink's layout engine (yoga) ahead of the terminal UI: a CommonJS bundle cannot load it at import. */
  loadLayout(): Promise<void>;
}

export const RELEASE: Release | undefined = (globalThis as { runbookRelease?: Release }).runbookRelease;

/** The project root (holds runbooks/ and rehearsal/): the release's, or the nearest directory above this code holding package.json. */
export const PROJECT_ROOT = RELEASE?.root ?? packageRoot(dirname(fileURLToPath(import.meta.url)));

/** This code lies in dist/bundle/chunks/ (bin/runbook.js), in dist/engine/core/ (tsc) or in src/engine/core/ (tests). */
function packageRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`no package.json above ${from}`);
}

/** In dist/bundle/: a hash of the bundle, written by scripts/bundle.mjs (the build the analysis cache is valid for). */
export const BUILD_ID_FILE = 'build-id';

/** The argv that starts this program again (the rehearsal toolbox runs `SELF __sim TOOL` when there is no node). */
export function selfCommand(): string[] {
  return RELEASE?.self ?? [process.execPath, join(PROJECT_ROOT, 'bin', 'runbook.js')];
}

/** This tool's version (package.json): printed by --version, recorded with each run for its report. */
export function toolVersion(): string {
  // A release carries no package.json: it was told its version when it was built.
  return RELEASE?.version ?? (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The language of messages before a runbook is read (errors of flags, missing files). */
export function messageLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return normalizeLang(flag) ?? env.RUNBOOK_LANG ?? localeLang(env.LC_ALL) ?? localeLang(env.LANG) ?? 'en';
}

/** `zh_CN.UTF-8` → `zh`; undefined for the C locale. */
export function localeLang(locale: string | undefined): string | undefined {
  if (!locale || locale === 'C' || locale === 'POSIX') return undefined;
  return locale.split(/[_.@-]/)[0]?.toLowerCase() || undefined;
}

/** A --lang value as people type it: `RU`, `ru_RU.UTF-8` and `zh-CN` name `ru`, `ru` and `zh`. */
export function normalizeLang(flag: string | undefined): string | undefined {
  return flag === undefined ? undefined : localeLang(flag) ?? flag;
}
