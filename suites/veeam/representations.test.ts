import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { representationChecks } from './representations.checks.ts';

defineChecks('veeam.representations', representationChecks);
