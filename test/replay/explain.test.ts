import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TimelineBuilder } from '../../sim/explain/timeline.ts';
import { decodeRecording, readIncident } from '../../sim/incidents/incident-io.node.ts';
import { traceEventLine } from '../../sim/incidents/trace-jsonl.ts';
import { convergeHere, tempDir } from './helpers.ts';

const SHRUNK = 'scenarios/incidents/no-lookup-after-pos-timeout-shrunk.json';

describe('explain', () => {
  const incident = readIncident(SHRUNK);
  const events = decodeRecording(incident, SHRUNK) ?? [];
  const violation = incident.expected.violations[0];

  it("marks the order's first bad event as the first disagreement, with the faults that touched it", () => {
    expect(violation).toBeDefined();
    const builder = new TimelineBuilder(violation?.orderId ?? '', incident.scenario, incident.expected.violations);
    events.forEach((event) => builder.add(event));
    const timeline = builder.result();
    expect(timeline.disagreement?.index).toBe(violation?.firstBadEvent?.index);
    expect(timeline.faults['pos.quirk.ghost_success']).toBeGreaterThan(0);
    // Every system shows up: the orchestrator, the POS, the gateway and the network in between.
    const sources = new Set(timeline.entries.map((entry) => entry.event.source));
    for (const source of ['world', 'orchestrator', 'pos', 'payment', 'network']) expect(sources, source).toContain(source);
    expect(timeline.entries.find((entry) => entry.event.kind === 'pos.hold.created')?.node).toMatch(/^S\d+$/);
    expect(timeline.entries.some((entry) => entry.idempotencyKey !== '')).toBe(true);
  });

  it('sees a second live POS hold in a bare trace, without the violations', () => {
    const builder = new TimelineBuilder(violation?.orderId ?? '', undefined);
    events.forEach((event) => builder.add(event));
    expect(builder.result().disagreement?.index).toBe(violation?.firstBadEvent?.index);
  });

  it('reads an incident and a --trace file from the command line, and exits 2 for an unknown order', async () => {
    const trace = join(tempDir(), 'run.jsonl');
    writeFileSync(trace, events.map((event) => `${traceEventLine(event)}\n`).join(''));
    const orderId = violation?.orderId ?? '';
    const fromIncident = await convergeHere('explain', SHRUNK, '--order', orderId);
    const fromTrace = await convergeHere('explain', trace, '--order', orderId, '--scenario', 'pos-timeouts');
    const unknown = await convergeHere('explain', SHRUNK, '--order', 'web-9999999');
    expect(fromIncident.code).toBe(0);
    expect(fromIncident.stdout).toContain('FIRST DISAGREEMENT');
    expect(fromIncident.stdout).toMatch(/@S\d+ 2026-11-\d\d \d\d:\d\d:\d\d [A-Z]{3}/);
    expect(fromTrace.code).toBe(0);
    expect(fromTrace.stdout).toContain(`>>> #${violation?.firstBadEvent?.index} `);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`orders in it: ${orderId}`);
  });
});
