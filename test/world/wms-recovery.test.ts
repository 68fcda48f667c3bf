import { describe, expect, it } from 'vitest';
import { HOUR_MS, runIncident, scenarioFrom } from '../incidents/incident-world.ts';

/**
 * The reference orchestrator heals damaged and late WMS files with re-send requests instead of
 * parking FOs: a world where a quarter of the WMS's files are cut short or carry a wrong hash
 * (copies included) ends with no LOST_ACK or LATE_CONFIRMATION where the WMS took and shipped.
 */
describe('WMS recovery: damaged files are asked for again', () => {
  it('re-requests damaged documents and ends with nothing parked for a document the WMS did send', async () => {
    const scenario = scenarioFrom('wms-late-and-duplicate-files', (s) => {
      const dc = s.topology.dcs[0];
      if (dc?.quirks !== undefined) {
        dc.quirks.truncatedFile = [1, 8];
        dc.quirks.checksumMismatch = [1, 8];
      }
    });
    const run = await runIncident(scenario, { seed: 15, orders: 400, kinds: ['resend.requested', 'wms.resend.honoured', 'dead_letter.added', 'dead_letter.replayed'] });
    const [dc] = run.world.wms.truth();
    expect(dc).toBeDefined();
    if (dc === undefined) return;

    // Damage happened to ACKs and confirmations, and the orchestrator asked for them.
    const damaged = dc.filesWritten.filter((file) => file.origin !== 'RESEND' && file.damage !== 'NONE' && file.docType !== 'SNAPSHOT');
    expect(damaged.length).toBeGreaterThan(0);
    const requested = run.events.filter((event) => event.kind === 'resend.requested');
    expect(requested.length).toBeGreaterThan(0);
    expect(dc.resendsHonoured.length).toBeGreaterThan(0);
    // Every damaged ACK or SHIPCONF that was delivered during the run got a readable copy.
    const endMs = run.world.kernel.clock.startEpochMs + run.result.simulatedMs;
    const settledLongAgo = damaged.filter((candidate) => candidate.deliveredAtMs < endMs - 48 * HOUR_MS);
    expect(settledLongAgo.length).toBeGreaterThan(0);
    for (const file of settledLongAgo) {
      const copies = dc.filesWritten.filter((copy) => copy.origin === 'RESEND' && copy.controlNumber === file.controlNumber);
      expect(copies.some((copy) => copy.damage === 'NONE'), `${file.name} (${file.damage})`).toBe(true);
    }
    // Dead letters of ACKs and confirmations settle themselves once a copy reads (the world may
    // stop, all orders settled, before the last night's requests are honoured: those are young).
    const dead = run.world.orchestrator.view().deadLetters?.() ?? [];
    expect(run.events.filter((event) => event.kind === 'dead_letter.replayed').length).toBeGreaterThan(0);
    expect(dead.filter((letter) => !letter.id.includes('/SNAPSHOT_') && letter.atMs < endMs - 48 * HOUR_MS)).toEqual([]);

    // Nothing parked as a lost ack where the WMS took the release, nor as a late confirmation
    // where it shipped every accepted unit.
    const wmsLines = new Map<string, typeof dc.lines>();
    for (const line of dc.lines) wmsLines.set(line.foId, [...(wmsLines.get(line.foId) ?? []), line]);
    const parked = run.world.orchestrator.view().openExceptions().filter((item) => item.category === 'LOST_ACK' || item.category === 'LATE_CONFIRMATION');
    for (const item of parked) {
      const lines = wmsLines.get(item.foId) ?? [];
      if (item.category === 'LOST_ACK') expect(lines, `${item.foId} LOST_ACK: ${item.detail}`).toEqual([]);
      else expect(lines.some((line) => line.status === 'ACCEPTED'), `${item.foId} LATE_CONFIRMATION: ${item.detail}`).toBe(true);
    }
    expect(run.result.violations.filter((violation) => /LOST_ACK|LATE_CONFIRMATION/.test(violation.detail))).toEqual([]);
  });
});
