// Replacing a file whole: the new content goes to a temporary file beside it, which is then renamed
// over it, so that a reader, or a writer killed halfway, leaves the old content or the new, never
// part of either. With `durable`, the content and the rename are on the disk before it returns
// (fsync of the file, then of its directory). Not write-file-atomic: it installs and removes
// handlers for every signal on each call (signal-exit), which cost more than the write itself at
// two checkpoints a step; a temporary file left by a killed writer is removed by whoever takes the
// file over next (store/state.ts removeLeftovers).
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

let serial = 0;

export function replaceFile(file: string, data: string, o: { mode: number; durable: boolean }): void {
  // Named by process and call: never another writer's file ('wx' refuses one left by a dead process).
  const temp = `${file}.${process.pid}-${++serial}`;
  try {
    const fd = openSync(temp, 'wx', o.mode);
    try {
      // The string as is (its copy into a Buffer cost twice the write: state.json is written twice a
      // step); a short write, as from a filling disk, goes on as bytes until done or refused.
      const written = writeSync(fd, data);
      if (written < Buffer.byteLength(data)) {
        const bytes = Buffer.from(data);
        for (let off = written; off < bytes.length; ) off += writeSync(fd, bytes, off);
      }
      if (o.durable) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  if (o.durable) syncDir(dirname(file));
}

/** Make a directory's entries (a rename into it) durable. */
function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}
