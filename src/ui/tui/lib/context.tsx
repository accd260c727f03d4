// What every component needs: the translator of the current language, the theme, the terminal size.
import { createContext, useContext, useEffect, useState, memo } from 'react';
import { Text, useStdout } from 'ink';
import type { Line } from './text.js';
import type { Theme } from './theme.js';
import type { T } from './format.js';
import { LANGS, type UiLang } from '../../../i18n/catalog.js';
import { tui } from '../../../i18n/tui.js';

export interface Ui {
  lang: string;
  t: T;
  theme: Theme;
}

export const UiContext = createContext<Ui | null>(null);

export function useUi(): Ui {
  const ui = useContext(UiContext);
  if (!ui) throw new Error('UiContext missing');
  return ui;
}

export interface Size {
  cols: number;
  rows: number;
}

/** The terminal size, following 'resize'; `fixed` (tests) wins. */
export function useTerminalSize(fixed?: Size): Size {
  const { stdout } = useStdout();
  const read = (): Size => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState<Size>(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return fixed ?? size;
}

/** One pre-wrapped line of styled segments (never wider than the space it was wrapped for). */
export const StyledLine = memo(function StyledLine({ line }: { line: Line }) {
  const { theme } = useUi();
  if (line.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {line.map((seg, i) => (
        <Text key={i} {...theme.style(seg.style)}>
          {seg.text}
        </Text>
      ))}
    </Text>
  );
});

const otherNames = new Map<string, string>();

/**
 * A language's name in itself. The UI's own languages come from the catalogs: ICU's display names
 * cost ~50 ms on first use, which the first "?" of a run (the help lists the languages) would wait for.
 */
export function langName(code: string): string {
  if ((LANGS as readonly string[]).includes(code)) return tui[code as UiLang]['lang.name'];
  let name = otherNames.get(code);
  if (name === undefined) {
    name = code;
    try {
      const found = new Intl.DisplayNames([code], { type: 'language' }).of(code);
      if (found && found !== code) name = found.charAt(0).toLocaleUpperCase(code) + found.slice(1);
    } catch {
      // an unknown code: show it as is
    }
    otherNames.set(code, name);
  }
  return name;
}
