// The model's sections and steps in document order: headings open sections, `:::if` adds its condition to
// the steps inside, and the prose before a step becomes its intro.
import type { Nodes, Root, RootContent } from 'mdast';
import { bodyChildren } from './markdown.js';
import { LIMITS } from './parse-limits.js';
import type { ParseContext, StepPosition } from './parse-context.js';
import { localizeInline, localizeBlocks } from './language-blocks.js';
import { ifCondition } from './if-condition.js';
import { buildStep } from './build-step.js';
import { isStepKind, type Section, type Step, type Position } from './model.js';

/** Sections and steps of the document; `stepPositions` is filled as the steps are read. */
export function buildModel(ctx: ParseContext, tree: Root, stepPositions: StepPosition[]): { sections: Section[]; steps: Step[] } {
  const sections: Section[] = [];
  const steps: Step[] = [];
  const soFar = { ids: new Map<string, Position>(), positions: stepPositions };
  let intro: Record<string, string[]> = {};
  const walk = (children: RootContent[], conditions: string[], depth: number) => {
    let pending: Nodes[] = [];
    const flushIntro = () => {
      if (pending.length) {
        for (const lang of ctx.languages) {
          const { text } = localizeBlocks(ctx, pending, lang);
          if (text) (intro[lang] ??= []).push(text);
        }
      }
      pending = [];
    };
    for (const child of children) {
      if (child.type === 'yaml') continue;
      if (child.type === 'heading') {
        flushIntro();
        intro = {};
        const title = localizeInline(ctx, child.children as Nodes[]);
        sections.push({ title: Object.keys(title).length ? title : {}, depth: child.depth, position: ctx.pos(child), conditions: [...conditions] });
      } else if (child.type === 'containerDirective' && isStepKind(child.name)) {
        flushIntro();
        const introText = Object.fromEntries(Object.entries(intro).map(([l, parts]) => [l, parts.join('\n\n')]));
        intro = {};
        const step = buildStep(ctx, child, { conditions, sections, index: steps.length, intro: introText }, soFar);
        steps.push(step);
      } else if (child.type === 'containerDirective' && child.name === 'if' && depth < LIMITS.containerDepth) {
        flushIntro();
        const expr = ifCondition(ctx, child, steps.length);
        walk(bodyChildren(child), [...conditions, expr], depth + 1);
      } else {
        pending.push(child);
      }
    }
    flushIntro();
  };
  walk(tree.children, [], 0);
  return { sections, steps };
}
