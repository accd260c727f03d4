// Every distinct situation of upgrade-prepare.md rehearsed end to end (test/helpers/rehearse-matrix.ts).
import { describe } from 'vitest';
import { rehearseMatrix } from './helpers/rehearse-matrix.js';

describe('rehearsal of upgrade-prepare.md', () => rehearseMatrix('upgrade-prepare.md'));
