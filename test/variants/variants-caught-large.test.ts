import { BROKEN_VARIANTS } from './catalogue.ts';
import { describeCaught, isLarge } from './expect-caught.ts';

describeCaught('the gate catches deliberately broken orchestrators (large scenarios)', BROKEN_VARIANTS.filter(isLarge));
