// runTui proper (see index.tsx): the alternate screen, Ink, the controller's lifetime, the last words.
import { render } from 'ink';
import type { RunController, TuiOptions } from '../../engine/execution/run-api.js';
import { App } from './app.js';
import type { ExitInfo } from './run-view.js';
import { colorsEnabled } from './lib/theme.js';
import { errorText } from './lib/format.js';
import { EXIT } from '../../engine/core/errors.js';
import { accountOf } from '../run-text.js';

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H';
const ALT_SCREEN_OFF = '\x1b[?1049l';

export async function runTuiMain(opts: TuiOptions): Promise<number> {
  const stdout = process.stdout;
  const alt = Boolean(stdout.isTTY);
  let controller: RunController | undefined;
  let result: ExitInfo | undefined;
  let crash: unknown;
  if (alt) stdout.write(ALT_SCREEN_ON);
  const restore = () => {
    if (alt) stdout.write(ALT_SCREEN_OFF);
  };
  process.once('exit', restore);
  try {
    const app = render(
      <App
        opts={opts}
        colors={colorsEnabled()}
        onController={(c) => {
          controller = c;
        }}
        onExit={(info) => {
          result = info;
        }}
      />,
      // Ctrl-C is a key of the UI (it stops the step, then exits 130); at most 20 frames a second.
      // Ink's incremental rendering is left off: in tmux it left stale rows around CJK text.
      { exitOnCtrlC: false, maxFps: 20, incrementalRendering: false, patchConsole: true },
    );
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
