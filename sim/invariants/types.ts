import type { OrchestratorView } from '../../orchestrator/plugin.ts';
import type { PosFake } from '../../legacy-fakes/pos/pos-fake.ts';
import type { WmsFake } from '../../legacy-fakes/wms/wms-fake.ts';
import type { PaymentFake } from '../../legacy-fakes/payment/payment-fake.ts';
import type { TraceEvent } from '../kernel/trace.ts';

/** The event where things first went wrong, as the trace numbers it. */
export interface EventPointer {
  index: number;
  atMs: number;
  kind: string;
}

export interface Violation {
  invariant: string;
  orderId: string;
  detail: string;
  firstBadEvent: EventPointer | null;
  /** The exact command that replays the run. */
  replay: string;
}

export type Finding = Omit<Violation, 'replay'>;

/** What checkers may read: each fake's ground truth and the orchestrator's public view, never its private state. */
export interface CheckContext {
  view: OrchestratorView;
  pos: PosFake;
  wms: WmsFake;
  payment: PaymentFake;
  /** The last trace event of an order, for liveness findings. */
  lastEventOf(orderId: string): EventPointer | null;
  /** The order an external reference (`<foId>:<lineNo>`, FO id) belongs to, or ''. */
  orderOf(reference: string): string;
}

/**
 * One family of checks. Safety checks look at every event as it happens; liveness and
 * convergence checks look at the healed world at the end.
 */
export interface InvariantChecker {
  readonly name: string;
  onEvent?(event: TraceEvent, context: CheckContext, report: (finding: Finding) => void): void;
  atEnd?(context: CheckContext, report: (finding: Finding) => void): void;
}

export function pointer(event: TraceEvent): EventPointer {
  return { index: event.index, atMs: event.atMs, kind: event.kind };
}
