import { z } from 'zod';
import type { Violation } from '../invariants/types.ts';
import type { ParkedReport } from '../world/parking.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import type { Verdict } from '../world/verdict.ts';
import { MAX_CRASH_EVERY_EVENTS, MAX_ORDERS } from '../world/input-bounds.ts';

/**
 * A self-contained, replayable record of one run (docs/incidents.md). The scenario is embedded
 * in full, so later edits to scenarios/ never change what an incident replays.
 */
export const INCIDENT_FORMAT = 'converge-incident';
/** 2: the trace hash is taken over structured events' values, and recordings carry them (`data`). */
export const INCIDENT_VERSION = 2;

/** How `recording.data` is encoded: the trace as JSON lines (docs/incidents.md), gzipped, then base64. */
export const RECORDING_ENCODING = 'jsonl+gzip+base64';
/** Incidents keep at most this many trace events (the first ones): replay names a difference among them. */
export const MAX_RECORDED_EVENTS = 200_000;

const eventPointer = z.object({ index: z.number().int().nonnegative(), atMs: z.number(), kind: z.string() }).strict();

const violation = z
  .object({
    invariant: z.string().min(1),
    orderId: z.string(),
    detail: z.string(),
    firstBadEvent: eventPointer.nullable(),
    replay: z.string(),
  })
  .strict();

const ratio = z.tuple([z.number().int().nonnegative(), z.number().int().positive()]).readonly();
const counts = z.record(z.string(), z.number().int().nonnegative());

/** What the run ended with parked on the exception queue, beside its budget (sim/world/parking.ts ParkedReport). */
const parked = z
  .object({
    orders: z.number().int().nonnegative(),
    byCategory: counts,
    budget: z.object({ orders: ratio, byCategory: z.record(z.string(), ratio) }).strict(),
    allowed: z.object({ orders: z.number().int().nonnegative(), byCategory: counts }).strict(),
    withinBudget: z.boolean(),
  })
  .strict();

export const incidentSchema = z
  .object({
    format: z.literal(INCIDENT_FORMAT),
    version: z.literal(INCIDENT_VERSION),
    /** The Converge version that recorded it. */
    harness: z.object({ name: z.string(), version: z.string() }).strict(),
    /** Why it was recorded: `gate failure`, `run --record`, `shrunk from ...`, or a person's words. */
    note: z.string().default(''),
    /** How the scenario was named when recorded (a name from scenarios/ or a path): for people only. */
    scenarioRef: z.string().min(1),
    /** The scenario itself, validated again on load. */
    scenario: z.unknown(),
    seed: z.number().int().nonnegative().max(2 ** 32 - 1),
    overrides: z
      .object({
        orders: z.number().int().positive().max(MAX_ORDERS, 'at most 10,000,000 orders').optional(),
        crashEveryEvents: z.number().int().positive().max(MAX_CRASH_EVERY_EVENTS, 'at most 1,000,000,000 events').optional(),
      })
      .strict()
      .default({}),
    /** `module` is what `--orchestrator` took ('reference' for the bundled one). */
    orchestrator: z.object({ module: z.string().min(1), name: z.string(), version: z.string() }).strict(),
    expected: z
      .object({
        traceHash: z.string().min(1),
        events: z.number().int().nonnegative(),
        traceEvents: z.number().int().nonnegative(),
        converged: z.boolean(),
        /** The run's verdict: closed, held or failed (added with run verdicts; absent in older files). */
        verdict: z.enum(['closed', 'held', 'failed']).optional(),
        /** Orders parked at the end by category, beside the parking budget (absent in older files). */
        parked: parked.optional(),
        violations: z.array(violation),
        /** Quirk or fault name to how often it fired (added in 0.1.0; absent in older files). */
        faultsFired: z.record(z.string(), z.number().int().nonnegative()).optional(),
        /** Trace events the orchestrator produced (source "orchestrator"): the size shrink reports. */
        orchestratorEvents: z.number().int().nonnegative().optional(),
      })
      .strict(),
    /**
     * The recorded history itself, so a replay that differs can show both versions of the first
     * differing event. Optional: without it a replay still compares the hash, but can only say
     * that the histories differ, not where.
     */
    recording: z
      .object({
        encoding: z.literal(RECORDING_ENCODING),
        /** Events in `data` (the first ones of the run). */
        events: z.number().int().nonnegative(),
        /** False when the run had more than MAX_RECORDED_EVENTS events and only the first were kept. */
        complete: z.boolean(),
        /** Only when not complete: the trace hash of the recorded events (a complete one must hash to expected.traceHash). */
        traceHash: z.string().regex(/^[0-9a-f]{16}$/).optional(),
        data: z.string(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type IncidentFileContent = z.infer<typeof incidentSchema>;

/** An incident whose scenario has been validated: ready to simulate. */
export interface Incident extends Omit<IncidentFileContent, 'scenario'> {
  scenario: Scenario;
}

export interface RecordedRun {
  traceHash: string;
  events: number;
  traceEvents: number;
  converged: boolean;
  /** Optional: recorded when given (RunResult has them; a gate outcome of a crashed run does not). */
  verdict?: Verdict;
  parked?: ParkedReport;
  violations: readonly Violation[];
  /** Optional: recorded when given (RunResult has it). */
  faultsFired?: Readonly<Record<string, number>>;
}
