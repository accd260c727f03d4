// Colors (or none: NO_COLOR) and the status marks. Marks differ by shape, not only by color, and are
// all characters of neutral East Asian width so that CJK terminals draw them one column wide.
import type { SegStyle } from './text.js';

export type Mark = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'excluded' | 'undecided' | 'confirmed' | 'interrupted';

export const MARKS: Record<Mark, string> = {
  pending: '◦',
  running: '⠋',
  succeeded: '✓',
  failed: '✗',
  skipped: '↷',
  excluded: '⊘',
  undecided: '?',
  confirmed: '☑',
  interrupted: '↯',
};

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface TextProps {
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  dimColor?: boolean;
  inverse?: boolean;
}

export interface Theme {
  colors: boolean;
  style(s: SegStyle): TextProps;
  mark(m: Mark): TextProps;
}

/** NO_COLOR (https://no-color.org): present and not empty disables colors. */
export function colorsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

const MARK_COLORS: Record<Mark, string | undefined> = {
  pending: undefined,
  running: 'cyan',
  succeeded: 'green',
  failed: 'red',
  skipped: 'yellow',
  excluded: undefined,
  undecided: undefined,
  confirmed: 'green',
  interrupted: 'magenta',
};

export function makeTheme(colors: boolean): Theme {
  return {
    colors,
    style(s: SegStyle): TextProps {
      switch (s) {
        case 'bold':
          return { bold: true };
        case 'heading':
          return colors ? { bold: true, color: 'blue' } : { bold: true };
        case 'em':
          return { italic: true };
        case 'code':
          return colors ? { color: 'cyan' } : {};
        case 'script':
          return {};
        case 'link':
          return colors ? { color: 'blue', underline: true } : { underline: true };
        case 'url':
        case 'dim':
        case 'lineno':
          return colors ? { dimColor: true } : {};
        case 'marker':
          return colors ? { color: 'yellow' } : {};
        case 'warn':
          return colors ? { color: 'yellow', bold: true } : { bold: true };
        case 'error':
          return colors ? { color: 'red', bold: true } : { bold: true };
        case 'ok':
          return colors ? { color: 'green' } : {};
        case 'accent':
          return colors ? { color: 'cyan' } : {};
        default:
          return {};
      }
    },
    mark(m: Mark): TextProps {
      const color = colors ? MARK_COLORS[m] : undefined;
      if (m === 'excluded' || m === 'undecided' || m === 'pending') return colors ? { dimColor: true } : {};
      return color ? { color } : {};
    },
  };
}
