/**
 * The per-request faults of a store's server, drawn before the register sees the request. Each
 * configured fault draws from its own stream on every request that reaches this point, whether or
 * not an earlier one fired, so one fault's outcomes depend only on how many requests came, never
 * on another fault's ratio. At most one fault applies per request: the first in FAULT_ORDER.
 */
import type { FakeEnv, FakeRandom } from '../env.ts';
import type { Ratio } from '../http.ts';
import type { PosQuirks } from './pos-types.ts';

export type PosFault = 'unavailable' | 'lost_request' | 'ghost_success' | 'error_in_body';

/** Precedence, and the order the streams are drawn: a refusal at the door beats what happens inside. */
const FAULT_ORDER: readonly PosFault[] = ['unavailable', 'lost_request', 'ghost_success', 'error_in_body'];

interface Draw {
  random: FakeRandom;
  ratio: Ratio;
}

function ratioOf(quirks: PosQuirks, fault: PosFault): Ratio | undefined {
  switch (fault) {
    case 'unavailable':
      return quirks.unavailable?.ratio;
    case 'lost_request':
      return quirks.lostRequest;
    case 'ghost_success':
      return quirks.ghostSuccess;
    case 'error_in_body':
      return quirks.errorInBody;
    default:
      return fault satisfies never;
  }
}

export class PosFaults {
  private readonly draws: { fault: PosFault; draw: Draw }[] = [];

  constructor(env: FakeEnv, storeId: string, quirks: PosQuirks) {
    for (const fault of FAULT_ORDER) {
      const ratio = ratioOf(quirks, fault);
      // An unconfigured fault opens no stream and draws nothing.
      if (ratio !== undefined) this.draws.push({ fault, draw: { random: env.random(`pos.${storeId}.${fault}`), ratio } });
    }
  }

  /** Draws every configured fault once; the first that fired, if any. */
  next(): PosFault | undefined {
    let fired: PosFault | undefined;
    for (const { fault, draw } of this.draws) {
      const [numerator, denominator] = draw.ratio;
      if (draw.random.chance(numerator, denominator) && fired === undefined) fired = fault;
    }
    return fired;
  }
}
