import type { PublishedEvent } from '../../orchestrator/ports.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import type { CheckContext, Finding, InvariantChecker } from './types.ts';

/**
 * Kinds are the world's and the fakes' few dozen plus the plugin's event types. Past this many
 * (a plugin naming types without bound), a kind's readers are found at each of its events
 * instead of remembered, so the table stays small.
 */
const MAX_REMEMBERED_KINDS = 1024;

/** Whether the checker's `kinds` (absent: every kind) take events of this kind. */
function readsKind(checker: InvariantChecker, kind: string): boolean {
  if (checker.kinds === undefined) return true;
  return checker.kinds.some((wanted) => (wanted.endsWith('*') ? kind.startsWith(wanted.slice(0, -1)) : wanted === kind));
}

/**
 * Hands each trace event to the checkers that read its kind. Most checkers react to a few kinds
 * of the dozens a run traces, and calling every one for every event was a visible share of a
 * run. Each event still reaches its checkers in the list's order: findings come out in it.
 */
export class CheckerDispatch {
  /** Checkers with an `onEvent`, in the list's order. */
  private readonly listening: readonly InvariantChecker[];
  private readonly readersByKind = new Map<string, readonly InvariantChecker[]>();
  /** Checkers with an `onPublished` (a handful of the list), and with an `onRedelivered`: found once, not at every published event. */
  private readonly publishedReaders: readonly InvariantChecker[];
  private readonly redeliveredReaders: readonly InvariantChecker[];

  constructor(checkers: readonly InvariantChecker[]) {
    this.listening = checkers.filter((checker) => checker.onEvent !== undefined);
    this.publishedReaders = checkers.filter((checker) => checker.onPublished !== undefined);
    this.redeliveredReaders = checkers.filter((checker) => checker.onRedelivered !== undefined);
  }

  onEvent(event: TraceEvent, context: CheckContext, report: (finding: Finding) => void): void {
    for (const checker of this.readersOf(event.kind)) checker.onEvent?.(event, context, report);
  }

  /** A published event, to every checker that reads them, in the list's order. */
  onPublished(published: PublishedEvent, traced: TraceEvent, context: CheckContext, report: (finding: Finding) => void): void {
    for (const checker of this.publishedReaders) checker.onPublished?.(published, traced, context, report);
  }

  /** A published event relayed again, to every checker that judges repeats. */
  onRedelivered(published: PublishedEvent, traced: TraceEvent, context: CheckContext, report: (finding: Finding) => void): void {
    for (const checker of this.redeliveredReaders) checker.onRedelivered?.(published, traced, context, report);
  }

  private readersOf(kind: string): readonly InvariantChecker[] {
    let readers = this.readersByKind.get(kind);
    if (readers === undefined) {
      readers = this.listening.filter((checker) => readsKind(checker, kind));
      if (this.readersByKind.size < MAX_REMEMBERED_KINDS) this.readersByKind.set(kind, readers);
    }
    return readers;
  }
}
