#!/usr/bin/env node
// The parser floor: load unified + remark-parse + remark-frontmatter + remark-directive and parse the
// given files once, naively (one whole-document parse each). The baseline that lint and plan are measured against.
import { readFileSync } from 'node:fs';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkDirective from 'remark-directive';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkDirective);
for (const file of process.argv.slice(2)) processor.parse(readFileSync(file, 'utf8'));
