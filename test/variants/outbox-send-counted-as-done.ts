/**
 * The outbox relay counts an event as published once the bus client took it, and deletes it
 * from the outbox; the client sends it a moment later (fire and forget). A crash in between
 * loses the event for good: the outbox no longer has it to send again after the restart.
 * Silent: nothing retries, no error is logged. Caught by `events.per-aggregate-sequence` (a
 * sequence never published, though a later one was) on crash-restart.
 */
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

export default brokenPlugin('outbox-send-counted-as-done', (ports, config) =>
  createReferenceOrchestrator({ ...ports, events: { publish: (event) => void ports.timers.setTimer('bus.send', 0, () => ports.events.publish(event)) } }, config),
);
