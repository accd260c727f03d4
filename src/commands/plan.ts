// Placeholder until the command lands.
export async function command(_argv: string[]): Promise<number> {
  process.stderr.write('runbook plan: not implemented yet\n');
  return 2;
}
