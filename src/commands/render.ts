// Placeholder until the command lands.
export async function command(_argv: string[]): Promise<number> {
  process.stderr.write('runbook render: not implemented yet\n');
  return 2;
}
