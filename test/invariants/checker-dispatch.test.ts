import { describe, expect, it } from 'vitest';
import { CheckerDispatch } from '../../sim/invariants/checker-dispatch.ts';
import type { CheckContext, InvariantChecker } from '../../sim/invariants/types.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';

function event(index: number, kind: string): TraceEvent {
  return { index, atMs: index, kind, source: 'world', orderId: '', ref: '', detail: '' };
}

/** A checker that notes `<name> <kind>` for each event it is handed, in one shared log. */
function noting(log: string[], name: string, kinds?: readonly string[]): InvariantChecker {
  return {
    name,
    ...(kinds === undefined ? {} : { kinds }),
    onEvent(traced) {
      log.push(`${this.name} ${traced.kind}`);
    },
  };
}

const context = {} as CheckContext;

function dispatched(checkers: (log: string[]) => InvariantChecker[], kinds: readonly string[]): string[] {
  const log: string[] = [];
  const dispatch = new CheckerDispatch(checkers(log));
  kinds.forEach((kind, index) => dispatch.onEvent(event(index, kind), context, () => undefined));
  return log;
}

describe('CheckerDispatch', () => {
  it('hands a checker with kinds only those kinds, and one without kinds every event', () => {
    const log = dispatched((into) => [noting(into, 'holds', ['pos.hold.created']), noting(into, 'all')], ['pos.hold.created', 'http.request', 'pos.hold.released']);
    expect(log).toEqual(['holds pos.hold.created', 'all pos.hold.created', 'all http.request', 'all pos.hold.released']);
  });

  it('keeps the checkers’ order for each event, whoever subscribed to what', () => {
    const log = dispatched((into) => [noting(into, 'a'), noting(into, 'b', ['fo.transitioned', 'order.created']), noting(into, 'c', ['fo.transitioned']), noting(into, 'd')], ['fo.transitioned', 'order.created', 'fo.transitioned']);
    expect(log).toEqual(['a fo.transitioned', 'b fo.transitioned', 'c fo.transitioned', 'd fo.transitioned', 'a order.created', 'b order.created', 'd order.created', 'a fo.transitioned', 'b fo.transitioned', 'c fo.transitioned', 'd fo.transitioned']);
  });

  it('reads a kind ending in * as every kind it starts', () => {
    const log = dispatched((into) => [noting(into, 'pos', ['pos.hold.*', 'pos.sale'])], ['pos.hold.created', 'pos.hold.shipped', 'pos.sale', 'pos.sales.forwarded', 'pos.holding']);
    expect(log).toEqual(['pos pos.hold.created', 'pos pos.hold.shipped', 'pos pos.sale']);
  });

  it('hands nothing to a checker with no kinds listed, and skips checkers without onEvent', () => {
    const log: string[] = [];
    const dispatch = new CheckerDispatch([noting(log, 'none', []), { name: 'end only', atEnd: () => log.push('end') }]);
    dispatch.onEvent(event(0, 'fo.transitioned'), context, () => undefined);
    expect(log).toEqual([]);
  });

  it('passes each finding to the report it was handed', () => {
    const findings: string[] = [];
    const reporting: InvariantChecker = {
      name: 'reporting',
      kinds: ['order.created'],
      onEvent(traced, _context, report) {
        report({ invariant: this.name, orderId: traced.orderId, detail: traced.kind, firstBadEvent: null });
      },
    };
    const dispatch = new CheckerDispatch([reporting]);
    for (const [index, kind] of ['order.created', 'order.closed'].entries()) dispatch.onEvent(event(index, kind), context, (finding) => findings.push(`${finding.invariant}: ${finding.detail}`));
    expect(findings).toEqual(['reporting: order.created']);
  });
});
