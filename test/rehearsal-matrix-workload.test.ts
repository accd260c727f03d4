// Every distinct situation of upgrade-workload.md rehearsed end to end (test/helpers/rehearse-matrix.ts).
import { describe } from 'vitest';
import { rehearseMatrix } from './helpers/rehearse-matrix.js';

describe('rehearsal of upgrade-workload.md', () => rehearseMatrix('upgrade-workload.md'));
