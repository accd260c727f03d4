import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // .tsx tests (Ink components) use the automatic JSX runtime, as tsconfig's "jsx": "react-jsx".
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // The pseudo-terminal tests drive the real binary in tmux and wait for real steps.
    testTimeout: 120_000,
    // More test files at once than cores (vitest's default is one less): most of these tests wait for
    // child processes (the CLI, bash, the rehearsal toolbox, tmux), so two cores run three or four
    // files well; on 2 cores the suite took 8-10 minutes with one worker.
    maxWorkers: availableParallelism() + 1,
    hookTimeout: 60_000,
  },
});
