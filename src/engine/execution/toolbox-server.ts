// `--rehearse`: the simulated toolbox answered by the runner itself. rehearsal/lib/serve.mjs runs in a
// worker thread and listens on 127.0.0.1; the stand-ins in rehearsal/bin reach it with the address
// and token of RUNBOOK_TOOLBOX instead of starting a node process per command (about 0.1 s of CPU
// each). When it cannot start, the stand-ins start node as before.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RELEASE } from '../core/env.js';

export interface ToolboxServer {
  /** `PORT:TOKEN`, the value of RUNBOOK_TOOLBOX in a step's environment. */
  address: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

/**
 * Start the toolbox server of the rehearsal/ in `projectRoot`; undefined when there is none to start
 * (a release: its toolbox is bundled, run by `runbook __sim`) or it failed to start.
 */
export async function startToolboxServer(projectRoot: string): Promise<ToolboxServer | undefined> {
  const file = join(projectRoot, 'rehearsal', 'lib', 'serve.mjs');
  if (RELEASE || !existsSync(file)) return undefined;
  // Not tracking fs-opened descriptors: the server opens a caller's stdin pipe with fs and hands it
  // to a socket, which closes it; tracked, the next open of that number made Node print "File
  // descriptor N opened in unmanaged mode twice" to the operator's terminal.
  const worker = new Worker(pathToFileURL(file), { trackUnmanagedFds: false });
  // The runner's exit is never held up by it; its connections end with the runner.
  worker.unref();
  const address = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), START_TIMEOUT_MS);
    timer.unref();
    worker.once('message', (m: { port?: number; token?: string }) => resolve(m.port && m.token ? `${m.port}:${m.token}` : undefined));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  if (!address) {
    await worker.terminate();
    return undefined;
  }
  return { address, stop: async () => { await worker.terminate(); } };
}
