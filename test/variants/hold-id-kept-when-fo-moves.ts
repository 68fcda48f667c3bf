/**
 * An FO that leaves a store (back from the exception queue, routed again) keeps the hold ids it
 * had there. At the next store it takes its lines for held, and asks that store to pick holds it
 * never issued; this POS answers 404 and the FO places its holds after all, so every order still
 * closes, but a real POS numbering holds per store would pick another customer's hold. Caught by
 * `pos.requests-name-issued-holds`.
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('hold-id-kept-when-fo-moves', { forgetHoldIdsWhenMoving: false });
