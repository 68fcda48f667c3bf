import { describe, expect, it } from 'vitest';
import { formatBatchFile, type BatchDocType } from '../../legacy-fakes/wms/batch-file.ts';
import type { Orchestrator, OrchestratorConfig, OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { FilesPort, PublishedEvent } from '../../orchestrator/ports.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

interface Captured {
  orchestrator: Orchestrator;
  files: FilesPort;
  config: OrchestratorConfig;
}

describe('dead-letter queue for unreadable WMS files', () => {
  it('keeps damaged files with reason, source and time, counts them, and replays them idempotently once readable', async () => {
    const { scenario } = loadScenario('wms-late-and-duplicate-files');
    const events: PublishedEvent[] = [];
    let captured: Captured | undefined;
    const plugin: OrchestratorPlugin = {
      ...referencePlugin,
      create: (ports, config) => {
        const orchestrator = referencePlugin.create({ ...ports, events: { publish: (event) => (events.push(event), ports.events.publish(event)) } }, config);
        captured = { orchestrator, files: ports.files, config };
        return orchestrator;
      },
    };
    const result = await simulate({ scenario, scenarioRef: 'wms-late-and-duplicate-files', seed: 1, plugin }, () => 0);
    expect(result.violations).toEqual([]);
    const damaged = (result.faultsFired['wms.truncated_file'] ?? 0) + (result.faultsFired['wms.checksum_mismatch'] ?? 0);
    expect(damaged).toBeGreaterThan(0);
    const { orchestrator, files, config } = captured as Captured;
    const view = orchestrator.view();
    const dead = view.deadLetters?.() ?? [];
    expect(dead.length).toBeGreaterThan(0);
    // Every letter is counted; those a re-sent copy settled (re-send requests) are off the view.
    const added = events.filter((event) => event.type === 'dead_letter.added').length;
    const settled = events.filter((event) => event.type === 'dead_letter.replayed').length;
    expect(result.metrics.deadLetters).toBe(added);
    expect(dead.length).toBe(added - settled);
    for (const letter of dead) {
      expect(letter.source, letter.id).toMatch(/^wms:/);
      expect(letter.reason, letter.id).not.toBe('');
      expect(letter.atMs, letter.id).toBeGreaterThan(0);
    }

    const replay = orchestrator.replayDeadLetter?.bind(orchestrator);
    expect(replay).toBeDefined();
    if (replay === undefined) return;
    const first = dead[0] as (typeof dead)[number];
    // Still damaged in the folder: it stays dead, and the same request again gives the same answer.
    const stillDead = await replay({ idempotencyKey: 'admin-1', id: first.id });
    expect(stillDead.kind).toBe('still-dead');
    expect(await replay({ idempotencyKey: 'admin-1', id: first.id })).toEqual(stillDead);
    expect((await replay({ idempotencyKey: 'admin-1', id: 'wms:nope' })).kind).toBe('conflict');
    expect((await replay({ idempotencyKey: 'admin-2', id: 'wms:nope' })).kind).toBe('invalid');

    // The WMS re-sends a good copy under the same name: a replay applies it, once.
    const fileName = first.id.slice(first.id.indexOf('/') + 1);
    const match = /^(ACK|SHIPCONF|SNAPSHOT)_(.+)_(\d{8})\.csv$/.exec(fileName);
    expect(match, fileName).not.toBeNull();
    const [, docType, dcId, control] = match as RegExpExecArray;
    const folder = config.nodes.find((node) => node.nodeId === dcId)?.wmsFolder as string;
    await files.write(`${folder}/out/${fileName}`, formatBatchFile({ docType: docType as BatchDocType, dcId: dcId as string, controlNumber: Number(control), createdLocal: '2026-11-10T03:00:00', asOfLocal: docType === 'SNAPSHOT' ? '2026-11-10T02:00:00' : '', rows: [] }));
    const applied = await replay({ idempotencyKey: 'admin-3', id: first.id });
    expect(applied).toEqual({ kind: 'applied', id: first.id });
    expect(await replay({ idempotencyKey: 'admin-3', id: first.id })).toEqual(applied);
    expect((await replay({ idempotencyKey: 'admin-4', id: first.id })).kind).toBe('invalid');
    expect(view.deadLetters?.().map((letter) => letter.id)).not.toContain(first.id);
    expect(view.deadLetters?.().length).toBe(dead.length - 1);
  });
});
