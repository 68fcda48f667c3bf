import type { TraceEvent } from '../kernel/trace.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type InvariantChecker } from './types.ts';

const NAME = 'dead-letters.listed-until-settled';

interface Letter {
  kind: string;
  source: string;
  ref: string;
  event: TraceEvent;
}

interface Watch {
  /** Dead letters announced (`dead_letter.added`) and not yet settled (`dead_letter.replayed`). */
  letters: Map<string, Letter>;
  /** A WMS document's inbox key (`<dcId>:<docType>:<control number>`) to the first order it moved. */
  documentOrders: Map<string, string>;
}

const watches = stateKeyedBy<CheckContext, Watch>(() => ({ letters: new Map(), documentOrders: new Map() }));
/** The audit key of a transition a WMS acknowledgement or confirmation caused, as the reference writes it; a plugin keying them otherwise gets findings that name no order. */
const DOCUMENT_KEY = /^[A-Z0-9-]+:(ACK|SHIPCONF):\d+$/;

/**
 * The dead-letter queue is a person's to-do list: it lists exactly the messages still unread.
 * At the end, the view's dead letters are the ones its events announced and never settled (a
 * consumer of the events keeps the same list), and none of them is a WMS document of which the
 * DC has since delivered a readable copy (same control number, undamaged, in the folder): the
 * orchestrator applies that copy, and the letter it settles must leave the list, or a person
 * replays or chases a file that was taken care of days ago.
 */
export const deadLettersChecker: InvariantChecker = {
  name: NAME,
  onPublished(published, traced, context) {
    const { letters, documentOrders } = watches(context);
    if (published.type === 'fo.transitioned') {
      const key = published.payload['idempotencyKey'];
      if (typeof key === 'string' && DOCUMENT_KEY.test(key) && !documentOrders.has(key)) documentOrders.set(key, traced.orderId);
      return;
    }
    const id = String(published.payload['id'] ?? '');
    if (published.type === 'dead_letter.added') letters.set(id, { kind: String(published.payload['kind'] ?? ''), source: String(published.payload['source'] ?? ''), ref: String(published.payload['ref'] ?? ''), event: traced });
    else if (published.type === 'dead_letter.replayed') letters.delete(id);
  },
  atEnd(context, report) {
    const listed = context.view.deadLetters?.();
    if (listed === undefined) return;
    const { letters, documentOrders } = watches(context);
    const listedIds = new Set(listed.map((letter) => letter.id));
    for (const id of listedIds) {
      if (!letters.has(id)) report({ invariant: NAME, orderId: '', detail: `the view lists dead letter ${String(id)}, which no dead_letter.added announced or a dead_letter.replayed settled`, firstBadEvent: null });
    }
    const nowMs = context.world.nowMs();
    const files = new Map(context.wms.truth().map((dc) => [`wms:${dc.dcId}`, dc.filesWritten]));
    for (const [id, letter] of letters) {
      if (!listedIds.has(id)) {
        report({ invariant: NAME, orderId: '', detail: `dead letter ${id} (${letter.source} ${letter.ref}) was announced and never settled, but the view does not list it`, firstBadEvent: pointer(letter.event) });
        continue;
      }
      if (letter.kind !== 'wms-document') continue;
      const written = files.get(letter.source) ?? [];
      const original = written.find((file) => file.name === letter.ref);
      if (original === undefined) continue;
      const copy = written.find((file) => file.controlNumber === original.controlNumber && file.docType === original.docType && file.damage === 'NONE' && file.deliveredAtMs <= nowMs);
      if (copy === undefined) continue;
      // The order the document moved, when it moved one (a snapshot moves none).
      const orderId = documentOrders.get(`${letter.source.slice('wms:'.length)}:${original.docType}:${original.controlNumber}`) ?? '';
      report({ invariant: NAME, orderId, detail: `dead letter ${id} is still listed, but ${letter.source} delivered a readable copy of document ${original.controlNumber} (${copy.name}) at ${new Date(copy.deliveredAtMs).toISOString()}: a good copy settles it`, firstBadEvent: pointer(letter.event) });
    }
  },
};
