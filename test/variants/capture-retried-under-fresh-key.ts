/**
 * The payment client builds each capture request afresh for every try, idempotency key included:
 * a retry after a timeout or a 503 goes out under a new key. When the first try did reach the
 * gateway (a lost reply), the retry is a second capture of the same FO: charged twice, or refused
 * as more than the authorisation holds. Caught by `money.one-key-per-intent` on payment-trouble
 * (ghost captures and load shedding).
 */
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

const CAPTURE = /^\/authorizations\/[^/]+\/captures$/;

export default brokenPlugin('capture-retried-under-fresh-key', (ports, config) => {
  const tries = new Map<string, number>();
  return createReferenceOrchestrator(
    {
      ...ports,
      http: {
        send: (request) => {
          const key = request.headers['idempotency-key'];
          if (request.method !== 'POST' || key === undefined || !CAPTURE.test(request.path)) return ports.http.send(request);
          const n = (tries.get(key) ?? 0) + 1;
          tries.set(key, n);
          return ports.http.send(n === 1 ? request : { ...request, headers: { ...request.headers, 'idempotency-key': `${key}:try-${n}` } });
        },
      },
    },
    config,
  );
});
