// Who decides, for the audit trail.
import { hostname, userInfo } from 'node:os';

/** RUNBOOK_OPERATOR when set (a shared account: say who you are), else user@host, with the sudo user when there is one. */
export function operator(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.RUNBOOK_OPERATOR?.trim();
  if (named) return named;
  let user: string;
  try { user = userInfo().username; } catch { user = env.USER ?? String(process.getuid?.() ?? '?'); }
  if (env.SUDO_USER && env.SUDO_USER !== user) user = `${env.SUDO_USER}(sudo ${user})`;
  return `${user}@${hostname()}`;
}
