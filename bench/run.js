#!/usr/bin/env node
// Benchmarks: each command timed against a baseline measured in the same run, printed as ratios.
// Usage: npm run bench [-- --quick]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'runbook.js');
const quick = process.argv.includes('--quick');
const reps = quick ? 3 : 9;
const work = mkdtempSync(join(tmpdir(), 'runbook-bench-'));
const env = { ...process.env, RUNBOOK_STATE_DIR: join(work, 'state'), NO_COLOR: '1' };

function time(cmd, args, opts = {}) {
  const samples = [];
  for (let i = 0; i < (opts.reps ?? reps); i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, cwd: work, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== (opts.expect ?? 0)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Peak RSS in MB of a command, through GNU time when present. */
function peakRss(cmd, args) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env, cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  const kb = Number(String(r.stderr).trim().split('\n').pop());
  return Number.isFinite(kb) ? kb / 1024 : undefined;
}

const rows = [];
const row = (name, ms, baseName, baseMs, extra = '') =>
  rows.push([name, `${ms.toFixed(1)} ms`, baseName, `${(ms / baseMs).toFixed(2)}×`, extra]);

const nodeBase = time(process.execPath, ['-e', '0']);
row('node -e 0', nodeBase, 'node -e 0', nodeBase);
row('runbook --version', time(process.execPath, [bin, '--version']), 'node -e 0', nodeBase);
for (const file of ['upgrade-prepare.md', 'upgrade-global.md', 'upgrade-workload.md']) {
  if (!existsSync(join(root, 'runbooks', file))) continue;
  row(`runbook lint ${file}`, time(process.execPath, [bin, 'lint', join(root, 'runbooks', file)]), 'node -e 0', nodeBase);
}
const global = join(root, 'runbooks', 'upgrade-global.md');
if (existsSync(global)) {
  row('runbook plan upgrade-global --json', time(process.execPath, [bin, 'plan', global, '--json', '--param', 'from=3.16', '--param', 'dr=true']), 'node -e 0', nodeBase);
  row('runbook render upgrade-global --lang zh', time(process.execPath, [bin, 'render', global, '--lang', 'zh']), 'node -e 0', nodeBase);
  row('runbook render --format html', time(process.execPath, [bin, 'render', global, '--lang', 'ru', '--format', 'html']), 'node -e 0', nodeBase);
}
row('runbook status (no runs)', time(process.execPath, [bin, 'status']), 'node -e 0', nodeBase);

// Step execution: per-step overhead against bare bash, and output throughput against a plain pipe.
const steps = 20;
const many = join(work, 'many.md');
writeFileSync(many, `---\nid: bench-many\nlanguages: [en]\ntitle: {en: Many steps}\n---\n\n${Array.from({ length: steps }, (_, i) => `:::run{#s${i}}\n\`\`\`bash\ntrue\n\`\`\`\n:::\n`).join('\n')}`);
const bashLoop = time('bash', ['-c', `for i in $(seq ${steps}); do bash --noprofile --norc -c true; done`]);
row(`run ${steps} trivial steps`, time(process.execPath, [bin, 'run', many, '--yes', '--ui', 'plain', '--fresh'], { reps: quick ? 2 : 5 }), `bash -c true ×${steps}`, bashLoop);

const mb = quick ? 50 : 200;
const big = join(work, 'big.md');
writeFileSync(big, `---\nid: bench-output\nlanguages: [en]\ntitle: {en: Output}\n---\n\n:::run{#flood}\n\`\`\`bash\n# yes ends by SIGPIPE when head has enough; that is expected here\nyes 'a line of step output, as an image upload prints it' | head -c ${mb * 1000 * 1000} || [ $? -eq 141 ]\n\`\`\`\n:::\n`);
const pipeBase = time('bash', ['-c', `yes 'a line of step output, as an image upload prints it' | head -c ${mb * 1000 * 1000} > ${join(work, 'out.txt')}`], { reps: 3 });
const flood = time(process.execPath, [bin, 'run', big, '--yes', '--ui', 'plain', '--fresh'], { reps: 3 });
const rss = peakRss(process.execPath, [bin, 'run', big, '--yes', '--ui', 'plain', '--fresh']);
row(`run a step printing ${mb} MB`, flood, 'the same to a file', pipeBase, rss ? `peak RSS ${rss.toFixed(0)} MB` : '');

const head = ['benchmark', 'median', 'baseline', 'ratio', 'note'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
console.log(line(head));
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const r of rows) console.log(line(r));
console.log(`\n${reps} repetitions (median), ${new Date().toISOString()}, node ${process.version}`);
rmSync(work, { recursive: true, force: true });
