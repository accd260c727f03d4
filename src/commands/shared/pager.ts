// The operator's $PAGER (default `less`) on a step's full log, from the terminal UI's `p` key. It runs
// in the foreground on the same terminal and returns when the operator quits it; the UI only offers
// it while no step runs (the runner waits meanwhile).
import { spawnSync } from 'node:child_process';

/** Opens `file` in $PAGER; returns why it could not, or undefined. */
export function openInPager(file: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const pager = env.PAGER?.trim() || 'less';
  // $PAGER may carry options ("less -R"): the shell splits it; the file is passed as "$1", never spliced in.
  const r = spawnSync('sh', ['-c', `${pager} "$1"`, 'pager', file], { stdio: 'inherit', env });
  if (r.error) return r.error.message;
  if (r.status === 127) return `${pager}: not found`;
  return undefined;
}
