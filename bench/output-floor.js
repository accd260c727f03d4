#!/usr/bin/env node
// The output floor: a Node process that starts the given command in bash, its output through a pipe as
// the runner starts a step, and reads that output to the end, doing nothing with it (no log, no masking,
// no printing). What any runner written in Node pays before it does its job: the flood's goal is a ratio
// to the pipeline alone, and this shows how much of it Node's start-up and reading take.
import { spawn } from 'node:child_process';

const child = spawn('bash', ['-c', process.argv[2]], { stdio: ['ignore', 'pipe', 'inherit'] });
child.stdout.resume();
child.on('exit', (code) => {
  process.exitCode = code ?? 1;
});
