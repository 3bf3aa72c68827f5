import { describeVeeamFaults } from './veeam-matrix.ts';

// Split in two files so that vitest runs the halves on two workers.
describeVeeamFaults(0, 2);
