import { describe, expect, it } from 'vitest';
import { checkersReportingTo } from '../../sim/dashboard/run-input.node.ts';
import type { Finding, InvariantChecker } from '../../sim/invariants/types.ts';

describe('checkersReportingTo (the dashboard tees findings)', () => {
  it('keeps every hook and the kinds a checker reads, and hands each finding to the run and the panel', () => {
    const finding: Finding = { invariant: 'x', orderId: 'o', detail: 'd', firstBadEvent: null };
    const calls: string[] = [];
    const hook = (name: string) => (...args: unknown[]) => {
      calls.push(name);
      const report = args.find((arg): arg is (f: Finding) => void => typeof arg === 'function');
      report?.(finding);
    };
    const checker: InvariantChecker = { name: 'all-hooks', kinds: ['pos.hold.*'], onEvent: hook('onEvent'), onPublished: hook('onPublished'), onRedelivered: hook('onRedelivered'), atEndOrder: hook('atEndOrder'), atEnd: hook('atEnd') };
    const panel: Finding[] = [];
    const [wrapped] = checkersReportingTo([checker], (f) => panel.push(f));
    expect(Object.keys(wrapped ?? {}).sort()).toEqual(Object.keys(checker).sort());
    expect(wrapped?.kinds).toEqual(['pos.hold.*']);
    const run: Finding[] = [];
    const report = (f: Finding): void => void run.push(f);
    const context = {} as never;
    wrapped?.onEvent?.({} as never, context, report);
    wrapped?.onPublished?.({} as never, {} as never, context, report);
    wrapped?.onRedelivered?.({} as never, {} as never, context, report);
    wrapped?.atEndOrder?.({} as never, {} as never, report);
    wrapped?.atEnd?.(context, report, {} as never);
    expect(calls).toEqual(['onEvent', 'onPublished', 'onRedelivered', 'atEndOrder', 'atEnd']);
    expect(run).toHaveLength(5);
    expect(panel).toHaveLength(5);
  });
});
