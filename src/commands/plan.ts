// runbook plan FILE [--lang L] [--param k=v]... [--params-file F] [--json]: which steps run, and why.
import { usageLine } from './shared/spec.js';
import { parseFlags, useCache, str, list } from './shared/args.js';
import { UserError, EXIT } from '../engine/core/errors.js';
import { loadRunbook, chooseLang, readParams } from './shared/load.js';
import { planSteps } from '../engine/plan/plan.js';
import { resolveParams } from '../engine/plan/params.js';
import { pick } from '../engine/document/model.js';
import { redacted } from '../engine/execution/secrets.js';
import { translator } from '../i18n/index.js';
import { cli } from '../i18n/cli.js';

export async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('plan', argv);
  if (positionals.length !== 1) throw new UserError('error.usage', { usage: usageLine('plan') }, { key: 'hint.commandHelp', vars: { command: 'plan' } });
  const { runbook } = await loadRunbook(positionals[0]!, process.env, { cache: useCache(values) });
  const lang = chooseLang(runbook, str(values.lang));
  const given = await readParams(runbook, list(values.param), str(values['params-file']));
  // A secret not given comes from the environment variable of its upper-cased name, as for run (never shown).
  for (const p of runbook.params) {
    if (p.type === 'secret' && given[p.name] === undefined && process.env[p.env] !== undefined) given[p.name] = process.env[p.env]!;
  }
  // plan never prompts: missing params stay unknown and make dependent steps undecided.
  const { values: params, missing } = resolveParams(runbook, given, { useExamples: !!values.rehearse });
  const planned = planSteps(runbook, params, lang);
  const shown = redacted(runbook.params, params);
  if (values.json) {
    const steps = planned.map(({ step, included, reason }) => ({
      id: step.id,
      kind: step.kind,
      title: pick(step.title, lang, runbook.languages).text,
      included,
      ...(reason !== undefined ? { reason } : {}),
      ...(step.script ? { script: step.script.value } : {}),
    }));
    process.stdout.write(`${JSON.stringify({ runbook: runbook.id, lang, params: shown, steps }, null, 2)}\n`);
    return EXIT.ok;
  }
  const t = translator(cli, lang);
  const out: string[] = [t('plan.header', { title: pick(runbook.title, lang, runbook.languages).text, id: runbook.id, lang })];
  const entries = Object.entries(shown);
  if (entries.length) out.push(t('plan.params', { params: entries.map(([k, v]) => `${k}=${String(v)}`).join(' ') }));
  if (missing.length) out.push(t('error.missingParams', { names: missing.map((m) => m.name).join(', ') }));
  out.push('');
  let n = 0;
  const counts = { included: 0, excluded: 0, undecided: 0 };
  for (const { step, included, reason } of planned) {
    const title = pick(step.title, lang, runbook.languages).text;
    if (included === true) {
      counts.included++;
      out.push(`${String(++n).padStart(3)}. [${step.kind}] ${step.id}  ${title}`);
    } else {
      counts[included === false ? 'excluded' : 'undecided']++;
      out.push(`   - [${step.kind}] ${step.id}  ${title}  ${t('plan.why', { verdict: t(included === false ? 'plan.excluded' : 'plan.undecided'), reason: reason ?? '' })}`);
    }
  }
  out.push('', t('plan.summary', counts));
  process.stdout.write(`${out.join('\n')}\n`);
  return EXIT.ok;
}
