import type { Root, Nodes } from 'mdast';
import { startOffset, endOffset } from '../../document/markdown.js';

/**
 * The blanks between two adjacent language phrases (`:en[…] :zh[…] :ru[…]`) as splice gap characters, so that
 * removing the phrases of other languages leaves one space where text goes on, never none (`Run :en[a] :ru[b]
 * now` → `Run a now`), whichever phrase is kept. Same length as the source: node offsets stay valid.
 */
export function phraseGaps(source: string, tree: Root, languages: string[]): string {
  if (languages.length === 0) return source;
  const ranges: [number, number][] = [];
  const isPhrase = (n: Nodes | undefined) => n?.type === 'textDirective' && languages.includes(n.name);
  const visit = (node: Nodes) => {
    if (!('children' in node)) return;
    const kids = node.children as Nodes[];
    for (let k = 1; k + 1 < kids.length; k++) {
      const n = kids[k]!;
      if (n.type === 'text' && /^[ \t]+$/.test(n.value) && isPhrase(kids[k - 1]) && isPhrase(kids[k + 1])) {
        ranges.push([startOffset(n), endOffset(n)]);
      }
    }
    kids.forEach(visit);
  };
  visit(tree);
  if (ranges.length === 0) return source;
  let out = '';
  let cursor = 0;
  for (const [s, e] of ranges.sort((a, b) => a[0] - b[0])) {
    out += source.slice(cursor, s) + '\u0000'.repeat(e - s);
    cursor = e;
  }
  return out + source.slice(cursor);
}
