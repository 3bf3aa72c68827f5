import { describeVeeamFaults } from './veeam-matrix.ts';

describeVeeamFaults(1, 2);
