/**
 * A cancel's transition announces the order line's whole quantity as cancelled, not the units the
 * cancel took (the payload is built from the order line rather than the cancel record). The
 * orchestrator itself keeps the right numbers, so every check of its view against the stores,
 * the WMS and the gateway passes; a downstream consumer (customer e-mails, finance) believes more
 * units were cancelled than were. Caught by `events.consumer-view-matches` on customer-actions
 * (partial cancels).
 */
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

export default brokenPlugin('cancel-announces-whole-line', (ports, config) => {
  const ordered = new Map<string, number[]>();
  return createReferenceOrchestrator(
    {
      ...ports,
      events: {
        publish: (event) => {
          const { payload } = event;
          if (event.type === 'order.created' && typeof payload['lines'] === 'string') {
            ordered.set(event.correlationId, payload['lines'].split(' ').map((line) => Number(line.slice(line.lastIndexOf('x') + 1))));
          }
          const quantities = ordered.get(event.correlationId);
          if (event.type !== 'fo.transitioned' || typeof payload['cancelled'] !== 'string' || quantities === undefined) return ports.events.publish(event);
          const whole = payload['cancelled']
            .split(' ')
            .map((part) => {
              const lineNo = Number(part.slice(0, part.indexOf('x')));
              return `${lineNo}x${quantities[lineNo - 1] ?? part.slice(part.indexOf('x') + 1)}`;
            })
            .join(' ');
          ports.events.publish({ ...event, payload: { ...payload, cancelled: whole } });
        },
      },
    },
    config,
  );
});
