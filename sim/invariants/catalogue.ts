import { convergenceChecker } from './convergence.ts';
import { holdUniquenessChecker } from './hold-uniqueness.ts';
import { lifecycleChecker } from './lifecycle.ts';
import { moneyChecker } from './money.ts';
import { stockChecker } from './stock.ts';
import type { InvariantChecker } from './types.ts';

/** Every checker a run uses by default, safety first. */
export const DEFAULT_CHECKERS: readonly InvariantChecker[] = [holdUniquenessChecker, stockChecker, lifecycleChecker, convergenceChecker, moneyChecker];
