import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRecording, readIncident } from '../../sim/incidents/incident-io.node.ts';
import { loadPlugin } from '../../sim/plugins/load-plugin.node.ts';
import { formatReplay } from '../../sim/replay/format-replay.ts';
import { replayIncident } from '../../sim/replay/replay.ts';
import { NOW } from './helpers.ts';

const DIR = 'scenarios/incidents';
const GOLDEN = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();

/**
 * Every committed incident must replay to the very history it recorded. A change that alters
 * any history (an orchestrator, fake, world or checker change) fails here on purpose: look at
 * the first differing event, and if the new history is the one you meant, re-record.
 */
describe('golden incidents (scenarios/incidents)', () => {
  it('has some', () => {
    expect(GOLDEN.length).toBeGreaterThan(0);
  });

  for (const name of GOLDEN) {
    it(`${name} replays identically, with its recorded violations`, async () => {
      const path = join(DIR, name);
      const incident = readIncident(path);
      const plugin = await loadPlugin(incident.orchestrator.module);
      const outcome = await replayIncident(incident, decodeRecording(incident, path), plugin, {}, NOW);
      const howTo =
        `\n${formatReplay(outcome, Date.parse(incident.scenario.startInstant))}\n` +
        `The history of ${path} changed. If that is what your change meant to do, re-record it on purpose:\n` +
        `  npx converge replay ${path} --rerecord\n` +
        `(all of them: for f in ${DIR}/*.json; do npx converge replay "$f" --rerecord; done), then review and commit the new file(s).`;
      expect(outcome.identical, howTo).toBe(true);
      expect(outcome.violations.missing, howTo).toEqual([]);
      expect(outcome.violations.added, howTo).toEqual([]);
    });
  }
});
