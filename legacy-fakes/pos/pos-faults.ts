/**
 * The per-request faults of a store's server, drawn before the register sees the request. Each
 * configured fault draws from its own stream on every request that reaches this point, whether or
 * not an earlier one fired, so one fault's outcomes depend only on how many requests came, never
 * on another fault's ratio. At most one fault applies per request: the first in FAULT_ORDER.
 */
import type { FakeEnv, FakeRandom } from '../env.ts';
import type { Ratio } from '../http.ts';
import type { PosQuirks } from './pos-types.ts';

export type PosFault = 'unavailable' | 'lost_request' | 'ghost_success' | 'error_in_body' | 'garbled_reply';

/** Precedence, and the order the streams are drawn: a refusal at the door beats what happens inside. */
const FAULT_ORDER: readonly PosFault[] = ['unavailable', 'lost_request', 'ghost_success', 'error_in_body', 'garbled_reply'];

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
    case 'garbled_reply':
      return quirks.garbledReply;
    default:
      return fault satisfies never;
  }
}

export class PosFaults {
  private readonly draws: { fault: PosFault; draw: Draw }[] = [];
  /** Which garbled form a garbled reply takes (opened only when that fault is configured). */
  private readonly forms: FakeRandom | undefined;

  constructor(env: FakeEnv, storeId: string, quirks: PosQuirks) {
    for (const fault of FAULT_ORDER) {
      const ratio = ratioOf(quirks, fault);
      // An unconfigured fault opens no stream and draws nothing.
      if (ratio !== undefined) this.draws.push({ fault, draw: { random: env.random(`pos.${storeId}.${fault}`), ratio } });
    }
    this.forms = quirks.garbledReply === undefined ? undefined : env.random(`pos.${storeId}.garbled_form`);
  }

  /** The form of a garbled reply, in [0, forms). */
  garbledForm(forms: number): number {
    return this.forms === undefined ? 0 : this.forms.between(0, forms - 1);
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
