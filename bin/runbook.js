#!/usr/bin/env node
// The tuning first, then the CLI: the budget applies to the functions loaded after it (v8-tuning.ts).
import { tuneV8 } from '../dist/engine/core/v8-tuning.js';

tuneV8();
const { main } = await import('../dist/bundle/cli.js');
process.exitCode = await main(process.argv.slice(2));
