// The full log's path across the whole screen, never cut: the operator copies it with the mouse.
// Under $HOME it starts with ~ (shorter, and a shell expands it); a path wider than the screen
// wraps after a /, so every character is there.
import { homedir } from 'node:os';
import { width as textWidth, type Line } from '../lib/text.js';

/** `path` with the home directory as ~ (only when HOME is a real prefix directory). */
export function tildePath(path: string, home = homedir()): string {
  return home && home !== '/' && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/** The rows of the log line: label and path on one row when it fits, else the path wrapped after slashes. */
export function logPathLines(label: string, path: string, cols: number): Line[] {
  const shown = tildePath(path);
  if (textWidth(label) + textWidth(shown) <= cols) return [[{ text: label, style: 'dim' }, { text: shown, style: 'plain' }]];
  const rows: Line[] = [[{ text: label.trimEnd(), style: 'dim' }]];
  let row = '';
  for (const part of shown.split(/(?<=\/)/)) {
    if (row && textWidth(row) + textWidth(part) > cols) {
      rows.push([{ text: row, style: 'plain' }]);
      row = '';
    }
    row += part;
  }
  if (row) rows.push([{ text: row, style: 'plain' }]);
  return rows;
}
