// Property: rendering never changes the meaning of ordinary markdown. Any CommonMark document without
// directives renders to markdown that a CommonMark parser turns into the same HTML, both as plain markdown
// and as the body of a runbook (which then gains a "# title" heading). HTML comments are the one thing
// rendering removes: for documents with comments, both sides are compared with comments stripped.
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import type { Root, Nodes } from 'mdast';
import { renderMarkdown, renderRunbook } from '../src/engine/authoring/render/index.js';
import { parseRunbook } from '../src/engine/document/parse.js';
import { rng, type Rng } from './helpers/rng.js';

const commonmark = unified().use(remarkParse).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeStringify, { allowDangerousHtml: true }).freeze();
const toHtml = (md: string): string => String(commonmark.processSync(md));

const COMMENT = /<!--(?:-?>|[\s\S]*?-->)/g;

/** HTML with comments dropped (from the markdown's raw HTML) and insignificant whitespace outside <pre> collapsed. */
function htmlWithoutComments(md: string): string {
  const processor = commonmark;
  const tree = processor.parse(md) as Root;
  const strip = (node: Nodes & { children?: Nodes[] }) => {
    if (!node.children) return;
    node.children = node.children.filter((c) => {
      if (c.type !== 'html') return true;
      c.value = c.value.replace(COMMENT, '');
      return c.value.trim() !== '';
    });
    node.children.forEach((c) => strip(c as Nodes & { children?: Nodes[] }));
  };
  strip(tree as Nodes & { children?: Nodes[] });
  const html = processor.stringify(processor.runSync(tree) as never) as string;
  let out = html
    .split(/(<pre>[\s\S]*?<\/pre>)/)
    // (around a <pre> too: a block)
    .map((part, i) => (i % 2 ? part : part.replace(/\s+/g, ' ').replace(/ ?(<[^>]*>) ?/g, '$1').trim()))
    .join('')
    // A quote that held nothing but a comment may go with it, and so may a line break that only the comment followed.
    .replace(/(<br>)+(<\/(?:p|h\d|li)>)/g, '$2');
  while (out.includes('<blockquote></blockquote>')) out = out.replaceAll('<blockquote></blockquote>', '');
  return out;
}

/**
 * The reference for a document: it with a final line ending. CommonMark reads the end of the file as one,
 * micromark not always (`* 3\n<e>` without it is a list and an HTML block, with it one item), and a rendering
 * always ends in one.
 */
const finished = (md: string): string => (md === '' || md.endsWith('\n') ? md : `${md}\n`);

const FRONT = '---\nid: prop\nlanguages: [en, zh, ru]\ntitle: {en: Title}\n---\n';

function renderPlain(md: string): string {
  return renderMarkdown(md);
}
function renderAsRunbook(md: string): string {
  const source = FRONT + md;
  const { runbook } = parseRunbook(source, 'prop.md');
  if (!runbook) throw new Error('front matter refused');
  return renderRunbook(runbook, source, { lang: 'en' });
}

// ----------------------------------------------------------------------------------------------------------
// A small seeded generator of CommonMark documents

type R = Rng;

const WORDS = ['alpha', 'beta', 'gamma', 'node', 'кластер', 'обновление', '集群', '升级', 'kubectl', 'etcd', 'v1.28', '3.16', 'a_b_c', 'x*y', 'snake_case_name', '#hash', '100%', '(paren)', '"quoted"', "it's", '→'];
const COLONISH = ['nginx:latest', 'host:8080', 'ratio 16:9', 'a:b[c]', 'x:y{z}', 'time 10:30', 'std::vector', 'key: value', 'word:note[label] tail', 'C:\\path'];

function inline(r: R, comments: boolean, depth = 0): string {
  const n = 1 + r.int(5);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = r.int(depth > 1 ? 6 : 22);
    switch (k) {
      case 0: case 1: case 2: case 3: case 4: case 5: parts.push(r.pick(WORDS)); break;
      case 6: parts.push(`*${inline(r, comments, depth + 1)}*`); break;
      case 7: parts.push(`**${inline(r, comments, depth + 1)}**`); break;
      case 8: parts.push(`_${r.pick(WORDS)}_`); break;
      // (a code span may come out as text next to a stray backtick: a comment only where comments are tested)
      case 9: parts.push(r.pick(['`code`', '`` a`b ``', '` x `', comments ? '`<!-- in code -->`' : '`<b>in code</b>`', '`:en[no]`'])); break;
      case 10: parts.push(`[${inline(r, comments, depth + 1)}](${r.pick(['/path', 'https://example.com/a?b=c', '#frag', '<with space>'])}${r.chance(0.3) ? ' "title"' : ''})`); break;
      case 11: parts.push(r.pick(['<https://example.com>', '<mailto:ops@example.com>', '![alt text](/img.png)', '[ref]', '[text][ref]'])); break;
      case 12: parts.push(r.pick(['\\*', '\\_', '\\[x\\]', '\\\\', '\\#', '\\`', '\\<', '&amp;', '&copy;', '&#35;', '&#x41;', '&nbsp;'])); break;
      case 13: parts.push(r.pick(COLONISH)); break;
      case 14: parts.push(r.pick(['<span>x</span>', '<b>bold</b>', '<br>', '<kbd>Ctrl</kbd>'])); break;
      // Author comments stand as words of their own (not glued to an emphasis delimiter).
      case 15: parts.push(comments && depth === 0 && i > 0 ? r.pick(['<!-- note -->', '<!-- multi\nline -->']) : r.pick(WORDS)); break;
      case 16: parts.push(r.pick(['***both***', '__strong__', '*a **b** c*', '**unclosed', '*', '_'])); break;
      default: parts.push(r.pick(WORDS));
    }
  }
  return parts.join(' ');
}

function paragraph(r: R, comments: boolean): string {
  const lines: string[] = [];
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    let line = inline(r, comments);
    if (comments && i < n - 1 && r.chance(0.15)) line += ' <!-- at the end -->';
    if (i < n - 1) line += r.pick(['', '', '', '  ', '\\']); // hard breaks
    lines.push(line);
  }
  return lines.join('\n');
}

function codeLines(r: R, comments: boolean): string[] {
  // In a list or quote, "code" lines may end up as paragraphs: no real directives, no comments unless asked.
  const pool = ['echo "hello"', 'kubectl get pods -A', comments ? '<!-- in code, or not -->' : '<span>html</span>', '::: not a directive', ':: neither', '  indented', '\ttabbed', '', '  ', ' \t ', 'a:b[c]', '# not a heading', '- not a list'];
  const n = 1 + r.int(4);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r.pick(pool));
  if (out[0] === '') out[0] = 'first';
  if (out[out.length - 1] === '') out[out.length - 1] = 'last';
  return out;
}

function block(r: R, depth: number, comments: boolean): string {
  const k = r.int(depth > 2 ? 9 : 16);
  switch (k) {
    case 0: case 1: case 2: case 3: return paragraph(r, comments);
    case 4: return `${'#'.repeat(1 + r.int(6))} ${inline(r, comments)}${r.chance(0.2) ? ' ##' : ''}`;
    case 5: return `${inline(r, comments)}\n${r.pick(['===', '---', '=', '-----'])}`;
    case 6: {
      const fence = r.pick(['```', '~~~', '````']);
      return `${fence}${r.pick(['', 'bash', 'sh', 'yaml title="x"'])}\n${codeLines(r, comments).join('\n')}\n${fence}`;
    }
    case 7: return codeLines(r, comments).map((l) => `    ${l}${r.chance(0.1) ? '  ' : ''}`).join('\n');
    case 8: return r.pick(['***', '* * *', '___', '- - -']);
    case 9: case 10: {
      const inner = blocks(r, depth + 1, 1 + r.int(3), comments);
      return inner.split('\n').map((l) => (l === '' ? r.pick(['>', '']) : `> ${l}`)).join('\n').replace(/\n$/, '');
    }
    case 11: case 12: return list(r, depth, comments);
    case 13: return r.pick([
      '<div>\n*not emphasis* here\n</div>',
      '<table>\n  <tr><td>cell</td></tr>\n</table>',
      '<details>\n<summary>More</summary>\n\ntext inside\n\n</details>',
      '<pre>\n  keep   spaces\n</pre>',
      '<custom-tag attr="1">\n',
    ]);
    case 14: return r.pick([
      '| a | b |\n| --- | --- |\n| 1 | 2 |',
      '| kubectl | `get pods` |\n|---|---|\n| x:y | **bold** |',
      '[ref]: /url "Ref title"',
      '[other]: https://example.com/x',
    ]);
    default:
      if (!comments) return paragraph(r, comments);
      return r.pick(['<!-- a comment block -->', '<!-- seed fix: written as plain text. -->', '<!--\nmulti-line\ncomment\n-->', '<div>\n<!-- inside html -->\n<p>kept</p>\n</div>']);
  }
}

function list(r: R, depth: number, comments: boolean): string {
  const ordered = r.chance(0.4);
  const marker = ordered ? r.pick(['.', ')']) : r.pick(['-', '*', '+']);
  const loose = r.chance(0.4);
  const items: string[] = [];
  const n = 1 + r.int(4);
  for (let i = 0; i < n; i++) {
    const bullet = ordered ? `${i + 1}${marker} ` : `${marker} `;
    const pad = ' '.repeat(bullet.length);
    const content = blocks(r, depth + 1, 1 + r.int(depth > 1 ? 1 : 3), comments, loose);
    const lines = content.split('\n').map((l, j) => (j === 0 ? bullet + l : l === '' ? '' : pad + l));
    items.push(lines.join('\n'));
  }
  return items.join(loose ? '\n\n' : '\n');
}

/** Up to three spaces before every line of a block: still the same kind of block, with its indentation. */
function indented(r: R, text: string): string {
  if (!r.chance(0.2)) return text;
  const pad = ' '.repeat(1 + r.int(3));
  return text.split('\n').map((l) => (l === '' ? l : pad + l)).join('\n');
}

function blocks(r: R, depth: number, n: number, comments: boolean, loose = true): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(indented(r, block(r, depth, comments)));
  return out.join(loose || r.chance(0.5) ? '\n\n' : '\n');
}

function document(seed: number, comments: boolean): string {
  const r = rng(seed);
  let doc = blocks(r, 0, 1 + r.int(8), comments);
  if (/^(---|- - -)/.test(doc)) doc = `text\n\n${doc}`; // a leading "---" would be front matter
  return doc + r.pick(['\n', '', '\n\n']);
}

// ----------------------------------------------------------------------------------------------------------
// Fixed corpus of tricky documents

const TRICKY: string[] = [
  '',
  'plain',
  '    code at the very start\n\ntext',
  'text\n\n    code with trailing spaces  \n',
  '\tcode after a tab\n',
  '  paragraph with leading spaces',
  'nginx:latest and a:b[c]{d} and :x and x:y{.cls #id} and ratio 16:9',
  'Use the image nginx:latest, port host:8080 and std::vector.',
  '- a\n\n      code in a list\n- b',
  '> quote\nlazy continuation\n',
  '1) one\n2) two\n\n3. three',
  '[foo]\n\n[foo]: /url "title"',
  '<div>\n*x*\n\n*y*\n</div>',
  'a  \nb\\\nc',
  '\\# not heading \\* \\_ \\` \\[x\\] \\\\',
  '```\n<!-- inside code -->\n:::en\n```',
  '~~~~md\n```\n~~~~',
  'Setext\n===\n\nAnother\n---',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '&copy; &#35; &#x41; &nbsp; &bogus;',
  '<https://example.com> <mailto:a@b.c>',
  '![img](/x.png "t")',
  '* * *',
  'text ending with a backslash\\',
  '- [ ] task\n- [x] done',
  '***bold italic*** and __strong__',
  '中文 **粗体** русский *курсив*',
  '```\nunclosed fence at the end\n',
  '- a\n- b\n\n\n- c',
  '> - quoted list\n>   continued\n>\n> para',
  '1. one\n\n   indented para\n\n       code in item',
  ' 1.  A paragraph\n\n      continued',
  '   ```\n   code\n     more\n   ```',
  'para\n\n  ~~~\n  x\n    y\n  ~~~\n\nafter',
  '    code\n      \n    after a whitespace-only line',
  '    code\n  \t\n\n    more',
  '- a\n\n      code\n     \n      more',
  '  > quote\n  > more',
  '   # heading',
  '  ***',
  '    # not a heading\n    # not a heading  \n      \n',
  '    # not a heading\n     \t   \n\n',
  'text\n\n    ::: not a directive\n    last\n\nmore\n\n     \t \n    x\n     \t ',
  'line one\nline two\n    not code (lazy)',
  '<script>alert(1)</script>\n\ntext',
  'a <span>inline</span> b',
  '# Heading #\n## Heading ##   \n### C#',
  '\n\n\nleading blank lines',
  'trailing blank lines\n\n\n\n',
  '- a\n - b\n  - c\n   - d',
  '10. ten\n11. eleven',
  'Multiple :::colons::: in a line and ::two',
  '* :9\n*     t ',
];

const TRICKY_COMMENTS: string[] = [
  '<!-- only a comment -->',
  'para\n\n<!-- comment -->\n\nnext',
  'para\n<!-- comment right after -->\nnext',
  'a\n<!-- c -->\n---',
  'a\n<!-- c -->\n===',
  '- a\n- b\n<!-- separates the lists -->\n- c',
  '- a\n\n<!-- -->\n\n    code, not a list continuation',
  '- a\n  <!-- c -->\n  b\n- d',
  '> a\n> <!-- c -->\n> b',
  '> a\n<!-- c -->\nb',
  'inline <!-- note --> comment',
  'at the end of a line  <!-- note -->\nnext line',
  '# Heading <!-- note -->',
  '<div>\n<!-- inside -->\n<p>kept</p>\n</div>',
  '```\n<!-- kept: in code -->\n```',
  '<!-->\n\nshort comment forms <!---> too',
  '<!-- multi\n\nparagraph comment -->\n\nafter',
  '* node\n  #hash\n\n  <!-- a loose item keeps its blank line -->\n\n___',
  '<br> <!-- at the end -->  \n→',
  '- a\n\n<!-- between a list and a paragraph -->\n\nnext',
  // Comments that end a line: what is left of the line must read as before (no hard break, no new block).
  'a <!-- x --> <!-- y --> <!-- z -->\nb',
  'a <!-- x --> <!-- y\nz --> <!-- w -->\nb',
  'a \\ <!-- c -->\nb',
  'a\\\n    <!-- c -->',
  '2)<!-- c -->',
  'a\n-<!-- c -->',
  '#<!-- c -->',
  '***<!-- c -->',
  '[a]: /url <!-- c -->',
  // A ">" before the comment is text, not a quote marker.
  'm\n    ><!-- c -->',
  '> a\n    ><!-- c -->',
  '<e>\n><!-- c -->',
  '<div>\n> <!-- c -->\n</div>',
  '<!-- a --> >',
  '  <!-- a --> <b>\nb',
  // Inside raw HTML, a line of comments goes whole: an empty line would end the block.
  '<div>\n<!-- a --> <!-- b -->\n*x*\n</div>',
  '> <div>\n> <!-- a\n> b --> <!-- c -->\n> *x*\n> </div>',
  // After a list, an indented HTML block would join the list's last item.
  '* 3\n<!-- c -->\n  <e>',
  // The last block of a tight item: without it, the next line would continue the item's paragraph.
  '1) 9\n   <!-- c -->\n--',
  '1) 9\n   <!-- c -->\n   -',
  '    e\n><!-- c -->\n\n```',
];

// ----------------------------------------------------------------------------------------------------------

describe('render keeps the meaning of ordinary markdown', () => {
  for (const [name, render, wrap, count] of [
    ['plain markdown', renderPlain, (md: string) => finished(md), 300],
    ['runbook body', renderAsRunbook, (md: string) => `# Title\n\n${finished(md)}`, 200],
  ] as const) {
    describe(name, () => {
      it('tricky documents render to the same HTML', () => {
        for (const md of TRICKY) {
          const out = render(md);
          expect(toHtml(out), JSON.stringify(md)).toBe(toHtml(wrap(md)));
        }
      });

      it('random documents (no comments) render to the same HTML', () => {
        for (let seed = 1; seed <= count; seed++) {
          const md = document(seed, false);
          const out = render(md);
          const want = toHtml(wrap(md));
          const got = toHtml(out);
          if (got !== want) expect({ seed, md, out, got }).toEqual({ seed, md, out, got: want });
        }
      }, 60_000);

      it('documents with comments: same HTML once comments are dropped, and no comment text is left', () => {
        const docs = [...TRICKY_COMMENTS, ...Array.from({ length: Math.round(count * 0.8) }, (_, i) => document(10_000 + i, true))];
        for (const md of docs) {
          const out = render(md);
          const got = htmlWithoutComments(out);
          const want = htmlWithoutComments(wrap(md));
          if (got !== want) expect({ md, out, got }).toEqual({ md, out, got: want });
          // Comments outside code are gone (an empty <!-- --> may stay where it separates two lists).
          const tree = unified().use(remarkParse).parse(out) as Root;
          const left: string[] = [];
          const visit = (n: Nodes) => {
            if (n.type === 'html') left.push(...(n.value.match(COMMENT) ?? []).filter((c) => c !== '<!-- -->'));
            if ('children' in n) (n.children as Nodes[]).forEach(visit);
          };
          visit(tree);
          expect(left, JSON.stringify(md)).toEqual([]);
        }
      }, 60_000);
    });
  }

  it('a document without comments or directives comes out byte for byte', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const md = document(seed, false).replace(/(\n[ \t]*)+$/, ''); // a last line of blanks is no block's
      if (md.trim() === '' || /^\s/.test(md)) continue;
      expect(renderPlain(md)).toBe(`${md}\n`);
    }
  });
});
