// The stylesheet of the HTML page: readable on screen in light and dark mode, long lines wrapped (a
// command line never runs off the page), and a print layout for a change ticket.
export const PAGE_CSS = `
:root { color-scheme: light dark; }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 .6em; }
h1 { margin-top: .4em; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
:not(pre) > code { background: rgba(127,127,127,.15); padding: .1em .3em; border-radius: 3px; overflow-wrap: anywhere; }
pre { background: rgba(127,127,127,.12); padding: .8em 1em; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.raw { border: 1px dashed rgba(127,127,127,.5); background: none; }
table { border-collapse: collapse; margin: 1em 0; display: block; overflow-x: auto; }
th, td { border: 1px solid rgba(127,127,127,.4); padding: .3em .6em; vertical-align: top; overflow-wrap: anywhere; }
blockquote { margin: 1em 0; padding: .2em 1em; border-left: 4px solid rgba(127,127,127,.45); }
blockquote.condition { margin: -.3em 0 .8em; padding: .1em .7em; border-left-color: #c77c02; font-size: .95em; }
blockquote.part-start, blockquote.part-end { border-left-color: #c77c02; background: rgba(199,124,2,.08); }
blockquote.part-end { margin-bottom: 2em; }
blockquote.alternatives { border-left-color: #2f6fb0; background: rgba(47,111,176,.08); }
nav.toc { border: 1px solid rgba(127,127,127,.35); border-radius: 4px; padding: .2em 1.2em .8em; margin: 1em 0 2em; }
nav.toc ul { list-style: none; padding-left: 0; margin: 0; }
nav.toc li { margin: .15em 0; }
nav.toc li.l3 { padding-left: 1.2em; }
nav.toc li.l4 { padding-left: 2.4em; }
nav.toc a { text-decoration: none; }
.url { overflow-wrap: anywhere; }
@media print {
  :root { color-scheme: light; }
  body { font-size: 10.5pt; color: #000; background: #fff; }
  main { max-width: none; padding: 0; }
  h1, h2, h3, h4 { break-after: avoid; }
  pre, blockquote, tr { break-inside: avoid; }
  nav.toc { break-after: page; }
  a { color: inherit; }
}
`.trim();
