// The Ink UI of `runbook run` / `runbook resume` (loaded only by those commands): the alternate screen,
// Ink, the controller's lifetime, the last words. It asks for params, opens the run through
// TuiOptions.open and walks the steps with the operator; every decision goes through RunController.
// Returns the exit code of section 6 of the contract. React's production build is the only one our
// bundles carry (scripts/esbuild-node.mjs).
import { EXIT } from '../../engine/core/errors.js';
import { render } from 'ink';
import type { RunController, TuiOptions } from '../../engine/execution/run-api.js';
import { App } from './app.js';
import type { ExitInfo } from './lib/exit-info.js';
import { colorsEnabled } from './lib/theme.js';
import { errorText } from './lib/format.js';
import { KeyPacer, PASTE_ON, PASTE_OFF } from './key-pacer.js';
import { accountOf } from '../run-text.js';

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H';
const ALT_SCREEN_OFF = '\x1b[?1049l';

export async function runTui(opts: TuiOptions): Promise<number> {
  const stdout = process.stdout;
  const alt = Boolean(stdout.isTTY);
  let controller: RunController | undefined;
  let result: ExitInfo | undefined;
  let crash: unknown;
  // Bracketed paste: a pasted text arrives marked, so its line breaks are not taken for Enter.
  if (alt) stdout.write(ALT_SCREEN_ON + PASTE_ON);
  const restore = () => {
    if (alt) stdout.write(PASTE_OFF + ALT_SCREEN_OFF);
  };
  process.once('exit', restore);
  try {
    // $PAGER takes the terminal: leave the alternate screen for it, come back and draw a whole frame.
    const pager = opts.pager
      ? (file: string) => {
          restore();
          const failed = opts.pager!(file);
          if (alt) stdout.write(ALT_SCREEN_ON + PASTE_ON);
          app.clear();
          return failed;
        }
      : undefined;
    const app = render(
      <App
        opts={opts}
        colors={colorsEnabled()}
        pager={pager}
        bell={() => stdout.write('\x07')}
        onController={(c) => {
          controller = c;
        }}
        onExit={(info) => {
          result = info;
        }}
      />,
      // Ctrl-C is a key of the UI (it stops the step, then exits 130). What the engine changes (output,
      // the spinner) is drawn at most 10 times a second (use-run-model); what a key changes is drawn at
      // once: Ink's own throttle (maxFps) would hold it back up to 1/maxFps after the last frame.
      // Ink's incremental rendering is left off: in tmux it left stale rows around CJK text.
      // Keys reach Ink one at a time (key-pacer.ts), however many arrive in one read.
      { exitOnCtrlC: false, maxFps: 60, incrementalRendering: false, patchConsole: true, ...(process.stdin.isTTY ? { stdin: new KeyPacer(process.stdin) as unknown as NodeJS.ReadStream } : {}) },
    );
    // Nobody is looking any more: stop drawing (the run goes on headless, see commands/shared/terminal-loss.ts).
    opts.terminalLost?.addEventListener('abort', () => app.unmount(), { once: true });
    await app.waitUntilExit();
  } catch (e) {
    crash = e;
  } finally {
    restore();
    process.off('exit', restore);
  }
  if (controller) {
    if (!result) {
      // The UI itself failed: keep the run resumable.
      await controller.pause().catch(() => undefined);
    }
    await controller.close().catch(() => undefined);
  }
  if (!result) {
    const err = errorText(crash ?? new Error('the terminal UI stopped unexpectedly'), opts.lang);
    process.stderr.write(`runbook: ${err.message}\n`);
    return controller ? EXIT.paused : err.exitCode;
  }
  // What was done, left on the terminal after the UI closes: durations, attempts, skips with reasons.
  if (controller) stdout.write(`${accountOf(controller, 'account.title', controller.state.lang).join('\n')}\n`);
  if (result.lines.length) (result.toStderr ? process.stderr : stdout).write(result.lines.join('\n') + '\n');
  return result.code;
}
