/**
 * A broken orchestrator for replay and shrink tests: the reference one, except that its look-up
 * before a re-send ("which holds does the POS have under this reference?") always comes back
 * empty, so a hold whose reply was lost is placed a second time. One line of behaviour.
 */
import type { OrchestratorPlugin } from '../../../orchestrator/plugin.ts';
import type { HttpOutcome } from '../../../orchestrator/ports.ts';
import { referencePlugin } from '../../../orchestrator/reference/reference-orchestrator.ts';

function emptied(outcome: HttpOutcome): HttpOutcome {
  if (outcome.kind !== 'response' || outcome.status !== 200 || outcome.body === null || typeof outcome.body !== 'object') return outcome;
  return { ...outcome, body: { ...(outcome.body as Record<string, unknown>), holds: [] } };
}

export const plugin: OrchestratorPlugin = {
  apiVersion: referencePlugin.apiVersion,
  name: 'lookup-sees-nothing',
  version: '0.0.1',
  create: (ports, config) =>
    referencePlugin.create(
      {
        ...ports,
        http: {
          send: async (request) => {
            const outcome = await ports.http.send(request);
            return request.method === 'GET' && request.path.startsWith('/holds?externalRef=') ? emptied(outcome) : outcome;
          },
        },
      },
      config,
    ),
};

export default plugin;
