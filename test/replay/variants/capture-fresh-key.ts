/**
 * A broken orchestrator for replay and shrink tests: the reference one, except that every
 * payment capture attempt carries a fresh idempotency key, so a retried capture whose reply was
 * lost is captured twice. One line of behaviour.
 */
import type { OrchestratorPlugin } from '../../../orchestrator/plugin.ts';
import { referencePlugin } from '../../../orchestrator/reference/reference-orchestrator.ts';

export const plugin: OrchestratorPlugin = {
  apiVersion: referencePlugin.apiVersion,
  name: 'capture-fresh-key',
  version: '0.0.1',
  create: (ports, config) => {
    let attempt = 0;
    return referencePlugin.create(
      {
        ...ports,
        http: {
          send: (request) =>
            ports.http.send(request.method === 'POST' && request.path.includes('/captures') ? { ...request, headers: { ...request.headers, 'idempotency-key': `${request.headers['idempotency-key'] ?? ''}#${++attempt}` } } : request),
        },
      },
      config,
    );
  },
};

export default plugin;
