import type { ExceptionQueue } from '../exceptions/exception-queue.ts';
import type { EventPublisher } from '../model/events.ts';
import type { IdempotencyStore } from '../idempotency/idempotency-store.ts';
import type { CommandResult, NodeSpec, OrchestratorConfig } from '../plugin.ts';
import type { Ports } from '../ports.ts';
import type { InventoryView } from '../routing/inventory-view.ts';
import type { ReferenceParts } from './parts.ts';
import type { Repository } from './repository.ts';

/** What every part of the reference orchestrator shares. */
export interface OrchestratorContext {
  ports: Ports;
  config: OrchestratorConfig;
  nodesById: ReadonlyMap<string, NodeSpec>;
  repo: Repository;
  inventory: InventoryView;
  idempotency: IdempotencyStore;
  publisher: EventPublisher;
  exceptions: ExceptionQueue;
  /** The swappable collaborators and policies (production: PRODUCTION_PARTS). */
  parts: ReferenceParts;
  /** Wired after construction, so routing and the node-specific flows can call each other. */
  flows: FulfillmentFlows;
}

export interface FulfillmentFlows {
  /** Hands an ALLOCATED FO to its node's flow (POS holds or a WMS release). */
  dispatch(foId: string): void;
  /** Sends a REJECTED FO back to routing, without the node that rejected it. */
  reroute(foId: string): void;
  /** An FO shipped or was picked up: take the money, then complete it. */
  settle(foId: string): void;
  /** Every FO of the order is terminal: release what will never be captured. */
  orderClosed(orderId: string): void;
}

export const REFERENCE_NAME = 'reference';
export const REFERENCE_VERSION = '0.1.0';
/** The `source` of every event this orchestrator publishes: its name and version. */
export const SOURCE = `${REFERENCE_NAME}-orchestrator/${REFERENCE_VERSION}`;

/**
 * Claims a customer or admin command's idempotency key. Returns the answer to give at once (the
 * stored outcome again, a conflict, "in progress"), or undefined when the command should run.
 */
export function answerFromClaim(context: OrchestratorContext, key: string, fingerprint: string, idempotencyKey: string, what: string): CommandResult | undefined {
  const claim = context.idempotency.claim<CommandResult>(key, fingerprint);
  if (claim.kind === 'conflict') return { kind: 'conflict', message: `idempotency key ${idempotencyKey} was used for a different ${what}` };
  if (claim.kind === 'in-progress') return { kind: 'in-progress' };
  if (claim.kind === 'replay') return claim.outcome.kind === 'accepted' ? { kind: 'replayed', orderId: claim.outcome.orderId } : claim.outcome;
  return undefined;
}

export function requireNode(context: OrchestratorContext, nodeId: string): NodeSpec {
  const node = context.nodesById.get(nodeId);
  if (node === undefined) throw new Error(`unknown node ${nodeId}`);
  return node;
}

/**
 * Runs `task` every `intervalMs`, the next run scheduled only after this one finished, so a slow
 * run never overlaps the next. The first run comes soon after start (a restarted process catches
 * up at once instead of waiting a whole interval, which frequent restarts would never reach).
 * A run that throws is reported (spawn) and the job is booked again all the same: one bad pass
 * must not stop a sweep for good in a process that keeps running.
 */
export function repeatEvery(context: OrchestratorContext, label: string, intervalMs: number, task: () => Promise<void>, firstRunAfterMs = FIRST_RUN_AFTER_MS): void {
  const schedule = (delayMs: number): void => {
    context.ports.timers.setTimer(label, delayMs, () => {
      spawn(context, label, () => task().finally(() => schedule(intervalMs)));
    });
  };
  schedule(Math.min(intervalMs, firstRunAfterMs));
}

const FIRST_RUN_AFTER_MS = 60_000;

/**
 * Starts background work nobody awaits (a hold to place, a capture, a sweep). Its failure is
 * thrown again from a timer, at once: in production that crashes the process, whose restart
 * resumes from the store (crash-only), and in simulation the world reports it where it happened.
 * A bare `void work()` would drop the error, and a periodic job that threw would stop for good.
 */
export function spawn(context: OrchestratorContext, label: string, work: () => Promise<unknown>): void {
  // Started once the caller's step is over: work spawned inside a transaction never sends a
  // request, or writes a file, for a step a crash may still roll back.
  Promise.resolve().then(work).catch((error: unknown) => {
    context.ports.timers.setTimer(`${label} failed`, 0, () => {
      throw error;
    });
  });
}
