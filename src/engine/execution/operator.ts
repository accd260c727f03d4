// Who decides, for the audit trail.
import { hostname, userInfo } from 'node:os';

/** user@host, with the sudo user when there is one. */
export function operator(env: NodeJS.ProcessEnv = process.env): string {
  let user: string;
  try { user = userInfo().username; } catch { user = env.USER ?? String(process.getuid?.() ?? '?'); }
  if (env.SUDO_USER && env.SUDO_USER !== user) user = `${env.SUDO_USER}(sudo ${user})`;
  return `${user}@${hostname()}`;
}
