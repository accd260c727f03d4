// Every distinct situation of upgrade-global.md rehearsed end to end, part 1 of 2 (the runbook with the
// most situations, split so that two workers share it; test/helpers/rehearse-matrix.ts).
import { describe } from 'vitest';
import { rehearseMatrix } from './helpers/rehearse-matrix.js';

describe('rehearsal of upgrade-global.md', () => rehearseMatrix('upgrade-global.md', [0, 2]));
