// Where a command's document goes: stdout, or a file written whole (--out).
import { writeFileSync, renameSync, unlinkSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { UserError } from '../../engine/core/errors.js';

/** The formats of `render` and `report`. */
const FORMATS = ['md', 'html'] as const;
export type DocumentFormat = (typeof FORMATS)[number];

/** `--format`: md (the default) or html. */
export function documentFormat(value: string | undefined, command: string): DocumentFormat {
  const format = value ?? 'md';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UserError('error.badFormat', { format, allowed: FORMATS.join(', ') }, { key: 'hint.commandHelp', vars: { command } });
  }
  return format as DocumentFormat;
}

/** `--out FILE` (or stdout for none or "-"). */
export function writeOutput(out: string | undefined, text: string): void {
  if (out === undefined || out === '-') process.stdout.write(text);
  else writeAtomically(out, text);
}

/** Write a temporary file next to the target, then rename it: readers never see a half-written document. */
function writeAtomically(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, file);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* not created */ }
    const err = e as NodeJS.ErrnoException;
    throw new UserError('error.outFile', { file, reason: err.message.split(',')[0]! });
  }
}
