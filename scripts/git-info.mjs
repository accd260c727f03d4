// The commit (with -dirty for uncommitted changes) and the build date of a build of `root`.
// SOURCE_DATE_EPOCH, when set, fixes the date so that two builds of one commit are byte-identical.
import { execFileSync } from 'node:child_process';

export function buildInfo(root) {
  const git = (...args) => {
    try { return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return ''; }
  };
  const commit = git('rev-parse', '--short=12', 'HEAD');
  const dirty = commit && git('status', '--porcelain', '--untracked-files=no') ? '-dirty' : '';
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const date = (Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { commit: commit ? commit + dirty : 'unknown', date };
}
