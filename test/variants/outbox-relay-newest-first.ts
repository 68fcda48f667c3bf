/**
 * The outbox relay hands each pass's events to a bus client that batches them and sends the
 * batch newest first (a stack, "freshest news first"), after the relay returns. A consumer sees
 * an FO allocated before it was routed. Silent: every event arrives, the metrics count them all.
 * Caught by `events.per-aggregate-sequence` (out of order) on baseline.
 */
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

export default brokenPlugin('outbox-relay-newest-first', (ports, config) => {
  let batch: PublishedEvent[] = [];
  const flush = (): void => {
    const sending = batch;
    batch = [];
    for (const event of sending.reverse()) ports.events.publish(event);
  };
  return createReferenceOrchestrator(
    {
      ...ports,
      events: {
        publish: (event) => {
          if (batch.length === 0) ports.timers.setTimer('bus.flush', 0, flush);
          batch.push(event);
        },
      },
    },
    config,
  );
});
