// Writes dist/build-info.json (commit and build date) for `runbook --version`; run by `npm run build`
// and `prepare`. The release bundle gets the same facts as build-time constants (scripts/release.mjs).
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildInfo } from './git-info.mjs';

const root = join(import.meta.dirname, '..');
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'build-info.json'), `${JSON.stringify(buildInfo(root))}\n`);
