// runbook __analyze [--no-cache] (hidden): reads [{source, path}] as JSON on stdin and writes the
// analysis of each (model and findings, as the cache keeps them) as a JSON array on stdout. The
// other half of shared/analyze-many.ts: a share of a multi-file lint, parsed on another core.
import { parseFlags, useCache } from './shared/args.js';
import { analyzeCached } from './shared/analysis-cache.js';
import type { Source } from './shared/analyze-many.js';
import { EXIT } from '../engine/core/errors.js';

export async function command(argv: string[]): Promise<number> {
  const { values } = parseFlags('__analyze', argv);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const sources = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Source[];
  const analyses = [];
  for (const s of sources) analyses.push(await analyzeCached(s.source, s.path, useCache(values)));
  process.stdout.write(JSON.stringify(analyses));
  return EXIT.ok;
}
