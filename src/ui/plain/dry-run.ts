// --dry-run: the resolved steps and their scripts, secrets masked; nothing executed or written.
import type { Writable } from 'node:stream';
import { pick, type Runbook } from '../../engine/document/model.js';
import type { ParamValues } from '../../engine/plan/params.js';
import type { PlannedStep } from '../../engine/plan/plan.js';
import { translator } from '../../i18n/index.js';
import { run as runCatalog } from '../../i18n/run.js';
import { OUTPUT_PREFIX } from './reporter.js';

/** --dry-run: the resolved steps and their scripts; secrets masked; nothing executed or written. */
export function printDryRun(runbook: Runbook, lang: string, planned: PlannedStep[], shownParams: ParamValues, mask: (s: string) => string, rehearsal: boolean, out: Writable = process.stdout): void {
  const t = translator(runCatalog, lang);
  const w = (s: string) => out.write(`${mask(s)}\n`);
  w(`== ${pick(runbook.title, lang, runbook.languages).text} (${runbook.id})${rehearsal ? ` [${t('rehearsal')}]` : ''}`);
  w(`   ${t('dry.header')}`);
  const params = Object.entries(shownParams).map(([k, v]) => `${k}=${v}`).join(', ');
  w(`   ${t('dry.params')}: ${params || '-'}`);
  for (const p of planned) {
    const { step } = p;
    const title = pick(step.title, lang, runbook.languages).text;
    const verdict = p.included === true ? t(step.kind === 'manual' ? 'dry.manual' : 'dry.runs') : p.included === false ? t('dry.excluded') : t('dry.undecided');
    w(`[${verdict}] ${step.id} · ${title}${p.reason ? ` — ${p.reason}` : ''}`);
    const attrs = Object.entries(step.attrs).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    if (attrs) w(`    {${attrs}}`);
    const code = step.script?.value ?? step.snippets.map((s) => s.value).join('\n');
    if (code) for (const line of code.replace(/\n$/, '').split('\n')) w(`${OUTPUT_PREFIX}${line}`);
  }
}
