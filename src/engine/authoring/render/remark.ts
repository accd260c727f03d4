// `runbook/remark`: a remark plugin that turns a runbook into the one-language document `runbook render`
// makes, in any unified pipeline (a docs site built on rspress, Docusaurus or plain remark):
//
//   unified().use(remarkParse).use(remarkFrontmatter).use(remarkDirective).use(runbookDocs, { lang: 'zh' })
//
// `runbook render` runs this very plugin's renderFile (run below): one implementation. The document is made
// from the source text (ordinary content is copied byte for byte), then read back with the pipeline's own
// parser, so later plugins (GFM tables, a site's own) see ordinary markdown without directives.
import type { Processor } from 'unified';
import { VFile } from 'vfile';
import { stringify as yamlText } from 'yaml';
import type { Root } from 'mdast';
import { parseMarkdown } from '../../document/markdown.js';
import { parseRunbook } from '../../document/parse.js';
import type { Runbook } from '../../document/model.js';
import type { ParamValues } from '../../plan/params.js';
import { renderRunbookTree, renderMarkdownTree, type RenderedDoc, type RenderOptions } from './document.js';
import { cleanSource } from './text.js';

export interface RunbookDocsOptions {
  /** The language of the document (one of the runbook's languages). */
  lang: string;
  /** Param values: content whose condition they make false is left out (see `runbook render --param`). */
  params?: ParamValues;
  /** For a markdown file without runbook front matter: its languages (`:::en` blocks, `:en[…]` phrases). */
  languages?: string[];
}

declare module 'vfile' {
  interface DataMap {
    /** The rendered document, for whoever runs the pipeline (`runbook render` takes its markdown from here). */
    runbookDocs: RenderedDoc;
    /** A runbook already parsed from this file (spares parsing it again). */
    runbook: Runbook;
    /** Front matter a docs site took off the file before the pipeline saw it (Docusaurus, rspress). */
    frontMatter: unknown;
  }
}

export default function runbookDocs(this: Processor, options: RunbookDocsOptions) {
  const self = this;
  return (tree: Root, file: VFile): void => {
    const doc = renderFile(tree, file, options);
    file.data.runbookDocs = doc;
    tree.children = (self.parse(doc.markdown) as Root).children;
  };
}

function renderFile(parsed: Root, file: VFile, options: RunbookDocsOptions): RenderedDoc {
  let tree = parsed;
  let source = String(file.value ?? '');
  const front = tree.children[0]?.type === 'yaml';
  const stripped = file.data.frontMatter;
  if (!front && !file.data.runbook && stripped && typeof stripped === 'object' && 'id' in stripped) {
    source = `---\n${yamlText(stripped)}---\n${source}`;
    tree = parseMarkdown(source);
  }
  const runbook = file.data.runbook ?? (tree.children[0]?.type === 'yaml' ? readRunbook(source, file) : undefined);
  if (!runbook) {
    const languages = options.languages ?? [];
    return renderMarkdownTree(tree, languages.length ? cleanSource(source) : source, { lang: options.lang, languages });
  }
  if (!runbook.languages.includes(options.lang)) {
    file.fail(`runbook ${runbook.id}: language "${options.lang}" is not one of ${runbook.languages.join(', ')}`);
  }
  return renderRunbookTree(tree, cleanSource(source), runbook, { lang: options.lang, params: options.params });
}

/** The runbook in `source`; a runbook with errors fails the build (run `runbook lint` for all of them). */
function readRunbook(source: string, file: VFile): Runbook {
  const { runbook, diagnostics } = parseRunbook(source, file.path || 'runbook.md');
  const error = diagnostics.find((d) => d.severity === 'error');
  if (!runbook || error) {
    const first = error ?? diagnostics[0];
    file.fail(`${first ? `${first.message} (${first.rule})` : 'not a runbook'}; run "runbook lint" on it`, first ? { line: first.line, column: first.column } : undefined);
  }
  return runbook;
}

/** `runbook render`: a parsed runbook and the text it was parsed from → the document, through the plugin. */
export function renderRunbookDoc(runbook: Runbook, source: string, opts: RenderOptions): RenderedDoc {
  return run(new VFile({ value: source, path: runbook.path, data: { runbook } }), opts);
}

/** Plain markdown → the same document with HTML comments (and, given `languages`, other languages) dropped. */
export function renderMarkdownDoc(source: string, opts: { lang?: string; languages?: string[] } = {}): RenderedDoc {
  return run(new VFile({ value: source }), { lang: opts.lang ?? opts.languages?.[0] ?? 'en', languages: opts.languages });
}

/**
 * What the plugin does to a file, short of reading the document back into the tree (no plugin comes
 * after it here): on the tree read in pieces (parseMarkdown: the same tree, in a third less time on
 * the shipped runbooks), not the whole-document parse a pipeline does.
 */
function run(file: VFile, opts: RunbookDocsOptions): RenderedDoc {
  return renderFile(parseMarkdown(String(file.value)), file, opts);
}
