/** How the UI ended: the exit code and the lines printed after the UI is gone. */
export interface ExitInfo {
  code: number;
  /** Lines printed after the UI is gone (what happened, how to continue). */
  lines: string[];
  toStderr?: boolean;
}
