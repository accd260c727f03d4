// A generated runbook of N steps in two languages (en, zh), shaped like the shipped ones: sections with
// language-tagged headings, prose in language blocks, run and check steps with labels, conditions and
// bash code. Used by the benchmarks (scaling) and by the tests (a legitimate large runbook lints).
export function generateRunbook(steps, { id = `generated-${steps}` } = {}) {
  const out = [
    '---',
    `id: ${id}`,
    'languages: [en, zh]',
    'title:',
    `  en: Generated runbook of ${steps} steps`,
    `  zh: 生成的 ${steps} 步操作手册`,
    'params:',
    '  dr:',
    '    type: boolean',
    '    default: false',
    '    label: {en: Uses global DR, zh: 使用 global DR}',
    '  namespace:',
    '    type: string',
    '    example: cpaas-system',
    '    label: {en: Namespace, zh: 命名空间}',
    '---',
    '',
  ];
  for (let i = 0; i < steps; i++) {
    if (i % 10 === 0) {
      out.push(`## :en[Part ${i / 10 + 1}: check the *cluster* state] :zh[第 ${i / 10 + 1} 部分：检查\`集群\`状态]`, '');
      out.push(':::en', `Before part ${i / 10 + 1}, make sure that **every** node is \`Ready\` and see [the guide](https://example.com/${i}).`, ':::', '');
      out.push(':::zh', `开始第 ${i / 10 + 1} 部分之前，请确认**所有**节点均为 \`Ready\`，参见[指南](https://example.com/${i})。`, ':::', '');
    }
    const kind = i % 5 === 4 ? 'check' : 'run';
    const cond = i % 7 === 3 ? ' when="dr"' : '';
    out.push(`::::${kind}[:en[Step ${i}: restart the \`component-${i}\` pods] :zh[第 ${i} 步：重启 \`component-${i}\` 的 Pod]]{#step-${i}${cond}}`);
    out.push(':::en', `Restarts the pods of \`component-${i}\` in the *{{namespace}}* namespace; this takes about a minute.`, ':::');
    out.push(':::zh', `重启 *{{namespace}}* 命名空间中 \`component-${i}\` 的 Pod，约需一分钟。`, ':::');
    out.push('```bash', `kubectl -n {{namespace}} rollout restart deployment/component-${i}`, `kubectl -n {{namespace}} rollout status deployment/component-${i} --timeout=300s`, '```');
    out.push('::::', '');
  }
  return `${out.join('\n')}\n`;
}
