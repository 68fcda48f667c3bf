import { PLUGIN_API_VERSION, type OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { HttpResponse } from '../../orchestrator/ports.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';

/**
 * A small broken plugin for the gate's own tests: the POS look-up before a re-send always comes
 * back empty, so a hold whose reply was lost is placed a second time.
 */
const doubleHold: OrchestratorPlugin = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'broken-double-hold',
  version: '0.0.1',
  create: (ports, config) =>
    referencePlugin.create(
      {
        ...ports,
        http: {
          send: async (request) => {
            if (request.method === 'GET' && request.path.startsWith('/holds?externalRef=')) {
              const empty: HttpResponse = { kind: 'response', status: 200, headers: {}, body: { holds: [] } };
              return empty;
            }
            return ports.http.send(request);
          },
        },
      },
      config,
    ),
};

export default doubleHold;
