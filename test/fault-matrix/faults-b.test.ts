import { describeFaultHalf } from './matrix.ts';

describeFaultHalf(1);
