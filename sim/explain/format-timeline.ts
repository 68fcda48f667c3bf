import type { Scenario } from '../world/scenario-schema.ts';
import { formatElapsed, localTime, utcInstant } from '../replay/sim-time.ts';
import type { Timeline } from './timeline.ts';

const MAX_DETAIL_CHARS = 400;

/**
 * An order's timeline for people: one block per event with virtual time, UTC, the node's
 * local time, the source, the idempotency key and the correlation id; faults marked; the first
 * disagreement marked `>>>` with its reason. Without a scenario (a bare --trace file) times are
 * shown since the start only.
 */
export function formatTimeline(timeline: Timeline, scenario: Scenario | undefined): string {
  const startEpochMs = scenario === undefined ? undefined : Date.parse(scenario.startInstant);
  const zones = new Map<string, string>([...(scenario?.topology.stores ?? []), ...(scenario?.topology.dcs ?? [])].map((node) => [node.id, node.timeZone]));
  const lines = [`order ${timeline.orderId}: ${timeline.entries.length} events${scenario === undefined ? ' (no scenario: times since the start only; pass --scenario for UTC and local times)' : ''}`];
  const faults = Object.entries(timeline.faults);
  lines.push(`faults that touched it: ${faults.length === 0 ? 'none' : faults.map(([kind, count]) => `${kind} x${count}`).join(', ')}`);
  lines.push(
    timeline.disagreement === null ? 'first disagreement: none seen in the trace' : `first disagreement: event #${timeline.disagreement.index}: ${timeline.disagreement.reason}`,
    '',
  );
  for (const entry of timeline.entries) {
    const { event } = entry;
    const marked = timeline.disagreement?.index === event.index;
    const utc = startEpochMs === undefined ? '' : ` ${utcInstant(startEpochMs, event.atMs)}`;
    const zone = zones.get(entry.node);
    const local = entry.node === '' ? '' : startEpochMs === undefined || zone === undefined ? ` @${entry.node}` : ` @${entry.node} ${localTime(startEpochMs, event.atMs, zone)}`;
    const ids = [
      `key=${entry.idempotencyKey === '' ? '-' : entry.idempotencyKey}`,
      `corr=${entry.correlationId === '' ? '-' : entry.correlationId}`,
      ...(entry.causationId === '' ? [] : [`cause=${entry.causationId}`]),
      ...(event.ref === '' ? [] : [`ref=${event.ref}`]),
    ].join(' ');
    lines.push(`${marked ? '>>>' : '   '} #${event.index} ${formatElapsed(event.atMs)}${utc}${local} ${event.source} ${event.kind}${entry.fault ? ' [FAULT]' : ''}`);
    lines.push(`      ${ids}`);
    if (event.detail !== '') lines.push(`      ${event.detail.length > MAX_DETAIL_CHARS ? `${event.detail.slice(0, MAX_DETAIL_CHARS - 3)}...` : event.detail}`);
    if (marked && timeline.disagreement !== null) lines.push(`      ^^^ FIRST DISAGREEMENT: ${timeline.disagreement.reason}`);
  }
  return lines.join('\n');
}
