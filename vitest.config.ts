import { defineConfig } from 'vitest/config';

export default defineConfig({
  // .tsx tests (Ink components) use the automatic JSX runtime, as tsconfig's "jsx": "react-jsx".
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // The pseudo-terminal tests drive the real binary in tmux and wait for real steps.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
