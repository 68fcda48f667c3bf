import { describe, expect, it } from 'vitest';
import type { Ports } from '../../orchestrator/ports.ts';
import { HOUR_MS, payloadOf, runIncident, scenarioFrom } from './incident-world.ts';

interface ReleaseSent {
  fileName: string;
  rowCount: number;
  controlNumber: number;
  send: number;
  foIds: string;
}

describe('incident 21: a release file is never acknowledged', () => {
  it('re-sends the same document (same file name, control number and rows), then raises LOST_ACK', async () => {
    // Every release file is lost on its way to the WMS (the transfer drops it after the temp file
    // was written): the WMS never reads one, so nothing is acknowledged. Parking is the point here,
    // so the scenario accepts it (each LOST_ACK is still checked against the WMS's books).
    const scenario = scenarioFrom('baseline', (s) => {
      s.phases.workloadHours = 24;
      s.workload.pickupRatio = [0, 1];
      s.parkingBudget = { orders: [1, 1] };
    });
    const loseReleases = (ports: Ports): Ports => ({
      ...ports,
      files: { ...ports.files, rename: async (fromPath, toPath) => (/\/in\/RELEASE_/.test(toPath) ? undefined : ports.files.rename(fromPath, toPath)) },
    });
    const run = await runIncident(scenario, { seed: 21, orders: 60, kinds: ['release.sent'], ports: loseReleases });
    expect(run.result.violations).toEqual([]);
    expect(run.result.verdict).toBe('held');
    expect(run.world.wms.truth()[0]?.releaseFilesRead).toEqual([]);

    const sends = new Map<number, { atMs: number; sent: ReleaseSent }[]>();
    for (const event of run.events.filter((e) => e.kind === 'release.sent')) {
      const sent = payloadOf<ReleaseSent>(event);
      sends.set(sent.controlNumber, [...(sends.get(sent.controlNumber) ?? []), { atMs: event.atMs, sent }]);
    }
    expect(sends.size).toBeGreaterThan(0);
    // From the queue itself: the world may stop (all settled) before the outbox relays the last `exception.opened`.
    const startMs = run.world.kernel.clock.startEpochMs;
    const lostAck = run.world.orchestrator.view().openExceptions().filter((item) => item.category === 'LOST_ACK');
    const released = new Map<string, number>();
    for (const [controlNumber, history] of sends) {
      const [first] = history;
      if (first === undefined) continue;
      // Re-sent as the same document: same name and control number, same rows and FOs (only the header's
      // createdLocal is new), sends counted 1, 2, 3...
      expect(history.length, `release ${controlNumber}`).toBeGreaterThan(1);
      expect(history.map((h) => h.sent.send), `release ${controlNumber}`).toEqual(history.map((_, index) => index + 1));
      for (const { sent } of history) {
        expect(sent.fileName, `release ${controlNumber}`).toBe(first.sent.fileName);
        expect(sent.rowCount, `release ${controlNumber}`).toBe(first.sent.rowCount);
        expect(sent.foIds, `release ${controlNumber}`).toBe(first.sent.foIds);
      }
      // Not hammered: a re-send waits at least a night for the WMS's next batch window.
      for (let index = 1; index < history.length; index++) expect((history[index]?.atMs ?? 0) - (history[index - 1]?.atMs ?? 0), `release ${controlNumber}`).toBeGreaterThanOrEqual(24 * HOUR_MS);
      const lastSentMs = history[history.length - 1]?.atMs ?? 0;
      for (const foId of first.sent.foIds.split(' ')) {
        // An FO is in one release document only: never re-released under a new control number.
        expect(released.get(foId), foId).toBeUndefined();
        released.set(foId, controlNumber);
        // Then escalated: LOST_ACK for each FO of the release, after its last send.
        const raised = lostAck.filter((item) => item.foId === foId);
        expect(raised.length, `${foId} LOST_ACK`).toBe(1);
        expect((raised[0]?.openedAtMs ?? 0) - startMs, foId).toBeGreaterThan(lastSentMs);
      }
    }
    // And only they: nothing else on the queue is called a lost acknowledgement.
    expect(lostAck.map((item) => item.foId).sort()).toEqual([...released.keys()].sort());
  });
});
