import { z } from 'zod';
import { FO_STATES } from '../../orchestrator/model/fo-state-machine.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { vouchFor, type Vouch } from './schema-vouch.ts';
import { pointer, type InvariantChecker } from './types.ts';

const NAME = 'events.payload-as-documented';

/** A type is a dotted lower-case name (`refund.issued`): consumers route on it. */
const TYPE_NAME = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;
/**
 * Types already found well named: a run publishes a few dozen types, each thousands of times, and
 * a look-up costs a fraction of the pattern. Bounded, since a plugin may name types without end.
 */
const WELL_NAMED = new Set<string>();
const MAX_WELL_NAMED = 1024;

function isWellNamed(type: string): boolean {
  if (WELL_NAMED.has(type)) return true;
  if (!TYPE_NAME.test(type)) return false;
  if (WELL_NAMED.size < MAX_WELL_NAMED) WELL_NAMED.add(type);
  return true;
}

const text = z.string().min(1);
const id = z.string().min(1);
/** `''` while an FO is not known (a money break about a whole order). */
const maybeId = z.string();
/** Who made a transition, when the plugin says (docs/plugins.md, `fo.transitioned`). */
const TRANSITION_ACTORS = ['customer', 'system', 'sweep', 'admin', 'remediation'] as const;
const cents = z.number().int().nonnegative();
const count = z.number().int().positive();
const epochMs = z.number().int();
/** `<lineNo>x<units>` separated by spaces, units signed (docs/plugins.md). */
const unitMoves = z.string().regex(/^(-?\d+x-?\d+( -?\d+x-?\d+)*)?$/);
/** A category names a class of break a person sorts the queue by (`UNROUTABLE`, `LOST_ACK`): upper-case words. */
const category = z.string().regex(/^[A-Z][A-Z_]*$/);

/**
 * The payload fields docs/plugins.md ("Events out") documents per type: what the harness and a
 * downstream consumer read. Extra fields are a plugin's own; a documented one missing, of the
 * wrong kind or empty where a person or a consumer needs words, is a finding. Types not listed
 * are a plugin's own and only need a proper name. The schemas only validate (their output is
 * dropped), so `z.object` serves: it ignores extra fields as `z.looseObject` does, with the same
 * issues, without copying each one into an output.
 */
export const PAYLOADS: Readonly<Record<string, z.ZodType>> = {
  'fo.transitioned': z.object({ foId: id, from: z.enum(FO_STATES), to: z.enum(FO_STATES), event: text, actor: z.enum(TRANSITION_ACTORS).optional(), cancelled: unitMoves.optional(), shipped: unitMoves.optional(), pickedUp: unitMoves.optional(), idempotencyKey: id.optional() }),
  // A WMS confirmation row may ship 0 units of a line it short-shipped whole: announced as it came.
  'shipment.confirmed': z.object({ foId: id, lineNo: count, shipmentId: id, quantity: z.number().int().nonnegative() }),
  'pickup.collected': z.object({ foId: id, lineNo: count, quantity: count }),
  'payment.captured': z.object({ foId: id, captureId: id, amountCents: cents, authorizationId: id, idempotencyKey: id }),
  // An authorisation adopted after its answer was lost (found by reference) names no key: the request that made it is the lost one.
  'payment.authorized': z
    .object({ authorizationId: id, amountCents: cents, idempotencyKey: id.optional(), adopted: z.literal(true).optional() })
    .refine((payload) => payload.idempotencyKey !== undefined || payload.adopted === true, { message: 'required unless adopted: true', path: ['idempotencyKey'] }),
  'fulfillment.assigned': z.object({ foId: id, nodeId: id }),
  'order.created': z.object({ channel: id, channelOrderId: id, lines: z.string().regex(/^\S+x\d+( \S+x\d+)*$/) }),
  'pickup.ready': z.object({ foId: id, storeId: id, pickupReference: id, pickupWindowMs: count }),
  'return.requested': z.object({ returnId: id, lines: unitMoves.and(text), amountCents: cents }),
  'refund.issued': z.object({ returnId: id, captureId: id, refundId: id, amountCents: cents, idempotencyKey: id }),
  'exception.opened': z.object({ foId: maybeId, category, slaTier: z.enum(['P1', 'P2', 'P3']), suggestedAction: text, detail: text }),
  'exception.resolved': z.object({ foId: maybeId, resolution: text }),
  'recon.break_detected': z.object({ category }),
  'dead_letter.added': z.object({ id, reason: text }),
  'adapter.queue_depth': z.object({ storeId: id, maxDepth: z.number().int().nonnegative() }),
  'routing.decided': z.object({ foId: id, promisedByMs: epochMs.optional() }),
};

/** The envelope every event carries (docs/plugins.md, "Events out"): who sent it, about what, when, in which schema. */
export const ENVELOPE = z.object({ eventId: id, aggregateId: id, source: id, correlationId: z.string(), schemaVersion: count, occurredAtMs: epochMs, sequence: count });

/** Fast yeses for the envelope and each documented payload: nearly every event is valid, and a parse costs far more. */
const envelopeFits = vouchFor(ENVELOPE);
const PAYLOAD_FITS: ReadonlyMap<string, Vouch> = new Map(Object.entries(PAYLOADS).map(([type, schema]) => [type, vouchFor(schema)]));

function issuesText(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${prefix}${issue.path.join('.') || 'payload'}: ${issue.message}`)
    .join('; ');
}

/** What is wrong with the event's type or payload, or undefined. */
export function contractBreach(published: PublishedEvent): string | undefined {
  if (!isWellNamed(published.type)) return `type ${JSON.stringify(published.type)} is not a dotted lower-case name (like refund.issued)`;
  if (!envelopeFits(published)) {
    const envelope = ENVELOPE.safeParse(published);
    if (!envelope.success) return issuesText(envelope.error, 'envelope ');
  }
  const schema = PAYLOADS[published.type];
  if (schema === undefined || PAYLOAD_FITS.get(published.type)?.(published.payload) === true) return undefined;
  const parsed = schema.safeParse(published.payload);
  return parsed.success ? undefined : issuesText(parsed.error);
}

/**
 * Every published event has a proper type, and the documented types carry their documented
 * fields (docs/plugins.md, "Events out"): a consumer that reads `amountCents` from a refund, or
 * a person reading an exception's `detail`, gets what the contract promised. Catches a renamed
 * or dropped field and an empty type before a downstream system silently reads `undefined`.
 */
export const eventContractChecker: InvariantChecker = {
  name: NAME,
  onPublished(published, traced, context, report) {
    const breach = contractBreach(published);
    if (breach === undefined) return;
    const orderId = context.view.order(published.correlationId) === undefined ? '' : published.correlationId;
    report({ invariant: NAME, orderId, detail: `${published.eventId} (${published.type || 'no type'}): ${breach}`, firstBadEvent: pointer(traced) });
  },
};
