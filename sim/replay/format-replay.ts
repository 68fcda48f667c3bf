import type { TraceEvent } from '../kernel/trace.ts';
import type { Violation } from '../invariants/types.ts';
import { parkedText } from '../world/parking-text.ts';
import type { ParkedReport } from '../world/parking.ts';
import { VERDICT_LABEL, type Verdict } from '../world/verdict.ts';
import type { ReplayOutcome } from './replay.ts';
import { formatElapsed, utcInstant } from './sim-time.ts';
import type { WorldState } from './world-state.ts';

const MAX_DETAIL_CHARS = 600;

function clip(text: string): string {
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS - 3)}...` : text;
}

/** One event on one line: `#123 +02h13m05.123s (2026-...Z) network http.request ref=... orderId=...: detail`. */
export function formatEvent(event: TraceEvent, startEpochMs: number): string {
  const order = event.orderId === '' ? '' : ` order=${event.orderId}`;
  const ref = event.ref === '' ? '' : ` ref=${event.ref}`;
  return `#${event.index} ${formatElapsed(event.atMs)} (${utcInstant(startEpochMs, event.atMs)}) ${event.source} ${event.kind}${order}${ref}: ${clip(event.detail)}`;
}

function formatViolation(violation: Violation): string {
  const at = violation.firstBadEvent === null ? 'at the end' : `first bad event #${violation.firstBadEvent.index} ${violation.firstBadEvent.kind}`;
  return `${violation.invariant} order ${violation.orderId || '-'}: ${violation.detail} (${at})`;
}

function verdictText(verdict: Verdict, parked: ParkedReport | null, orders: number): string {
  return `${VERDICT_LABEL[verdict]}${parked === null ? '' : `, parked ${parkedText(parked, orders)}`}`;
}

/** The run's verdict as recorded (older files: not recorded) and as replayed. */
export function formatVerdicts(outcome: ReplayOutcome): string[] {
  const { recorded, replayed } = outcome;
  const now = verdictText(replayed.verdict, replayed.parked, replayed.orders);
  if (recorded.verdict === null) return [`recorded verdict: not recorded (an incident written before run verdicts); this replay: ${now}.`];
  const same = recorded.verdict === replayed.verdict && JSON.stringify(recorded.parked) === JSON.stringify(replayed.parked);
  return [`recorded verdict: ${verdictText(recorded.verdict, recorded.parked, replayed.orders)}${same ? ' (the same now)' : `; this replay: ${now}`}.`];
}

/** The verdict of a replay, for people: identical or where it first differs, and what became of the violations. */
export function formatReplay(outcome: ReplayOutcome, startEpochMs: number): string {
  const lines: string[] = [];
  const { recorded, replayed } = outcome;
  if (outcome.identical) {
    lines.push(`IDENTICAL: ${replayed.traceEvents.toLocaleString('en-US')} trace events, trace hash ${replayed.traceHash}, as recorded.`);
  } else {
    lines.push(`DIFFERS: recorded trace hash ${recorded.traceHash} (${recorded.traceEvents} trace events), replayed ${replayed.traceHash} (${replayed.traceEvents} trace events).`);
    const difference = outcome.difference;
    if (difference !== null) {
      const at = difference.recorded ?? difference.replayed;
      lines.push(`first differing event: #${difference.index}${at === null ? '' : ` at ${formatElapsed(at.atMs)} (${utcInstant(startEpochMs, at.atMs)})`}`);
      lines.push(`  recorded: ${difference.recorded === null ? `(none: the recorded history ended after ${difference.index} trace events)` : formatEvent(difference.recorded, startEpochMs)}`);
      lines.push(`  replayed: ${difference.replayed === null ? `(none: the replayed history ended after ${difference.index} trace events)` : formatEvent(difference.replayed, startEpochMs)}`);
    } else if (!outcome.hasRecording) {
      lines.push('  this incident has no recorded trace events (field recording), so the first differing event cannot be named; record one with `npx converge run ... --record FILE`.');
    } else {
      lines.push('  every recorded event matched: the histories part after the recording kept (the recording holds only the first events of a long run).');
    }
  }
  lines.push(...formatVerdicts(outcome));
  const v = outcome.violations;
  if (v.recorded === 0 && v.added.length === 0) lines.push('violations: none recorded, none now.');
  else if (v.recorded === 0) lines.push(`violations: none recorded, ${v.added.length} now.`);
  else if (v.recorded > 0 && v.missing.length === 0) lines.push(`violations: all ${v.recorded} recorded violation(s) reproduced${v.added.length === 0 ? '' : `, plus ${v.added.length} new`}.`);
  else lines.push(`violations: ${v.reproduced} of ${v.recorded} recorded violation(s) reproduced${v.added.length === 0 ? '' : `, ${v.added.length} new`}.`);
  for (const violation of v.missing.slice(0, 5)) lines.push(`  not reproduced: ${formatViolation(violation)}`);
  for (const violation of v.added.slice(0, 5)) lines.push(`  new: ${formatViolation(violation)}`);
  return lines.join('\n');
}

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record);
  return entries.length === 0 ? 'none' : entries.map(([name, value]) => `${name} ${value}`).join(', ');
}

/** The state of the world at `--until`: orders and FOs by state, open exceptions, and each system's truth in brief. */
export function formatWorldState(state: WorldState, boundary: string, startEpochMs: number): string {
  const lines = [
    state.endedBefore
      ? `STATE at the end of the history (${formatElapsed(state.atMs)}): it ended before ${boundary}`
      : `STATE at ${boundary}: after ${state.lastEvent === null ? 'no event yet' : `event #${state.lastEvent.index}`}, virtual time ${formatElapsed(state.atMs)} (${utcInstant(startEpochMs, state.atMs)})`,
  ];
  if (state.lastEvent !== null) lines.push(`  last event      ${formatEvent(state.lastEvent, startEpochMs)}`);
  lines.push(`  orders          ${state.orders.created} created, ${state.orders.closed} closed, ${state.orders.created - state.orders.closed} open`, `  FOs by state    ${counts(state.fosByState)}`);
  lines.push(`  open exceptions ${state.openExceptions.length}`);
  for (const item of state.openExceptions.slice(0, 20)) lines.push(`    ${item.slaTier} ${item.category} order ${item.orderId} FO ${item.foId} (suggested: ${item.suggestedAction}): ${clip(item.detail)}`);
  if (state.openExceptions.length > 20) lines.push(`    ... and ${state.openExceptions.length - 20} more`);
  lines.push('  truth, per system (from its own events)');
  for (const store of state.pos) lines.push(`    POS ${store.storeId}: ${store.liveHolds} live holds; holds by status: ${counts(store.holdsByStatus)}; ${store.sales} walk-in sales`);
  for (const dc of state.wms) lines.push(`    WMS ${dc.dcId}: lines by status: ${counts(dc.linesByStatus)}; ${dc.releaseFilesRead} release files read`);
  const money = state.payment;
  lines.push(`    payment: authorisations by status: ${counts(money.authorizationsByStatus)}; ${money.authorizedCents} authorised, ${money.capturedCents} captured, ${money.refundedCents} refunded (cents)`);
  return lines.join('\n');
}
