// The packages a built module loads, through its static and dynamic imports of our own modules:
// for the checks that light commands never load Ink or React.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function packagesLoadedBy(...entries: string[]): string[] {
  const seen = new Set<string>();
  const bare: string[] = [];
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) walk(resolve(dirname(file), spec));
      else bare.push(spec);
    }
  };
  for (const e of entries) walk(e);
  return bare;
}
