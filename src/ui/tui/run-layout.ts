// Heights and widths of the run screen's parts, from the terminal size: pure arithmetic, no React.

export interface ScreenLayout {
  /** Columns and rows the screen uses (rows: one less than the terminal, for the cursor line). */
  cols: number;
  rows: number;
  /** Rows between the header and the notice/footer. */
  bodyH: number;
  showOutline: boolean;
  outlineW: number;
  /** Width of the step pane's text. */
  rightW: number;
}

const HEADER_H = 3;
const PROMPT_H = 3;

export function screenLayout(size: { cols: number; rows: number }, p: { promptOpen: boolean; noticeH: number }): ScreenLayout {
  const cols = Math.max(40, size.cols);
  const rows = Math.max(8, size.rows - 1);
  const footerH = p.promptOpen ? PROMPT_H : 1;
  const bodyH = Math.max(4, rows - HEADER_H - footerH - p.noticeH);
  const showOutline = cols >= 60;
  const outlineW = showOutline ? Math.max(22, Math.min(44, Math.floor(cols * 0.32))) : 0;
  const rightW = showOutline ? cols - outlineW - 2 : cols;
  return { cols, rows, bodyH, showOutline, outlineW, rightW };
}

/**
 * Split what is left under the title and banner between the step's text and the output pane. A
 * manual step shows no output pane (unless the run is done); output, when there is some, gets
 * the larger share; the text never takes more rows than it has.
 */
export function paneHeights(p: { avail: number; detailLines: number; showOutput: boolean; hasOutput: boolean; busy: boolean }): { outputH: number; detailsH: number } {
  const { avail } = p;
  let outputH = 0;
  if (p.showOutput) {
    outputH = p.hasOutput ? Math.max(5, Math.floor(avail * (p.busy ? 0.6 : 0.45))) : Math.min(3, avail);
    if (avail - outputH > p.detailLines) outputH = avail - p.detailLines;
    outputH = Math.min(outputH, avail);
  }
  return { outputH, detailsH: avail - outputH };
}
