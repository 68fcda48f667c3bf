import { spliced } from './exact-array.ts';

/**
 * The sequences of one aggregate a consumer applied, to apply each once (at least once delivery).
 * It applies only an order's events, and an aggregate also publishes others (an FO's
 * `fulfillment.assigned`, `pickup.ready`), so the sequences it applied keep holes for good. It is
 * kept for every aggregate for the whole run, so as runs: the number it applied 1..n through
 * while there is no hole, then a flat list of inclusive [from, to] runs, ascending. A sequence
 * that is not a safe whole number (a broken plugin's) is kept aside, in a set.
 */
export type AppliedSequences = number | number[] | { runs: number[]; odd: Set<number> };

export const NONE_APPLIED: AppliedSequences = 0;

const NOTHING: readonly number[] = [];

function runsOf(applied: AppliedSequences): number[] {
  if (typeof applied === 'number') return applied === 0 ? [] : [1, applied];
  return Array.isArray(applied) ? applied : applied.runs;
}

function oddOf(applied: AppliedSequences): Set<number> | undefined {
  return typeof applied === 'number' || Array.isArray(applied) ? undefined : applied.odd;
}

/** The smallest form: a number for one run from 1, the runs alone while nothing odd is kept. */
function compact(runs: number[], odd: Set<number> | undefined): AppliedSequences {
  if (odd !== undefined) return { runs, odd };
  if (runs.length === 0) return 0;
  return runs.length === 2 && runs[0] === 1 ? (runs[1] as number) : runs;
}

/** Applied 1..through (0: none, or the first run does not start at 1). */
function through(runs: readonly number[]): number {
  return runs[0] === 1 ? (runs[1] as number) : 0;
}

function inRuns(runs: readonly number[], sequence: number): boolean {
  for (let at = 0; at < runs.length && (runs[at] as number) <= sequence; at += 2) if (sequence <= (runs[at + 1] as number)) return true;
  return false;
}

/** New runs with a whole sequence not in them added, merged with its neighbours (exact size: kept all run). */
function addToRuns(runs: readonly number[], sequence: number): number[] {
  let at = 0;
  while (at < runs.length && (runs[at + 1] as number) < sequence - 1) at += 2;
  // runs[at..] end at sequence - 1 or later: extend one, join two, or insert a new run.
  if (at < runs.length && runs[at + 1] === sequence - 1) {
    if (at + 2 < runs.length && runs[at + 2] === sequence + 1) return spliced(runs, at + 1, 2, NOTHING);
    return spliced(runs, at + 1, 1, [sequence]);
  }
  if (at < runs.length && runs[at] === sequence + 1) return spliced(runs, at, 1, [sequence]);
  return spliced(runs, at, 0, [sequence, sequence]);
}

/**
 * What is applied once `sequence` is, or undefined if it already was (no object made per call:
 * this runs for every event a consumer reads). As a set of the sequences applied would say,
 * except that one at or below the run from 1 counts as applied (so 0 and below always do).
 */
export function applyOnce(applied: AppliedSequences, sequence: number): AppliedSequences | undefined {
  if (typeof applied === 'number') {
    if (sequence <= applied) return undefined;
    if (sequence === applied + 1) return sequence;
  }
  const runs = runsOf(applied);
  const odd = oddOf(applied);
  if (sequence <= through(runs)) return undefined;
  if (!Number.isSafeInteger(sequence)) return odd?.has(sequence) === true ? undefined : compact(runs, new Set(odd).add(sequence));
  return inRuns(runs, sequence) ? undefined : compact(addToRuns(runs, sequence), odd);
}
