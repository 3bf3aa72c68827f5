import { defineChecks } from '../../src/checks/vitest-suite.ts';
import { nodeChecks } from './nodes.checks.ts';

defineChecks('ontap.nodes', nodeChecks);
