import { BROKEN_VARIANTS } from './catalogue.ts';
import { describeCaught, isLarge } from './expect-caught.ts';

// Variants caught on a large scenario (holiday-spike) run in variants-caught-large.test.ts, beside this file.
describeCaught('the gate catches deliberately broken orchestrators', BROKEN_VARIANTS.filter((variant) => !isLarge(variant)));
