import { describeFaultHalf } from './matrix.ts';

// The matrix is split in two files so that vitest runs the halves on two workers.
describeFaultHalf(0);
