import { describe, expect, it } from 'vitest';
import { DashboardModel } from '../../sim/dashboard/model.ts';
import { QueueTracker } from '../../sim/dashboard/queues.ts';
import { liveSource } from '../../sim/dashboard/run-input.node.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';
import { renderRunHtml } from '../../sim/report/html/run-report.ts';

const POS_S2 = 'http://pos-s2.stores.local';

/** The in-flight depth of pos-s2 after each of `kinds`, as the network traces them. */
function depthsAfter(kinds: string[]): number[] {
  const queues = new QueueTracker();
  return kinds.map((kind, index) => {
    const event: TraceEvent = { index, atMs: index, kind, source: 'network', orderId: 'web-1', ref: POS_S2, detail: 'POST /holds' };
    queues.add(event);
    return queues.queues().find((queue) => queue.name === 'http pos-s2.stores.local')?.depth ?? 0;
  });
}

describe('requests in flight', () => {
  it('a request refused by an offline store leaves the count', () => {
    expect(depthsAfter(['http.request', 'http.refused'])).toEqual([1, 0]);
  });

  it('a duplicate copy counts until its own ending, and does not close the original', () => {
    expect(depthsAfter(['http.request', 'http.duplicated', 'http.reply_lost', 'http.request', 'http.response', 'http.response'])).toEqual([1, 2, 1, 2, 1, 0]);
  });

  it('a timeout is the caller giving up: the copy ends once, on its late reply or when it hangs', () => {
    expect(depthsAfter(['http.request', 'http.timeout', 'http.reply_lost'])).toEqual([1, 1, 0]);
    expect(depthsAfter(['http.request', 'http.unanswered', 'http.timeout'])).toEqual([1, 0, 0]);
  });

  it('a request lost on the way there or with no route never reached a system', () => {
    expect(depthsAfter(['http.request', 'http.lost', 'http.unroutable', 'http.timeout', 'http.timeout'])).toEqual([1, 1, 1, 1, 1]);
  });

  it('a store-outage run ends with nothing in flight, in the model and in the HTML report', async () => {
    const source = await liveSource({ scenario: 'store-outage', seed: 1, orders: 30, orchestrator: 'reference' });
    const model = new DashboardModel(source.info);
    let refused = 0;
    model.finish(await source.play({ listen: (event: TraceEvent) => ((refused += event.kind === 'http.refused' ? 1 : 0), model.listen(event)) } as unknown as DashboardModel));
    expect(refused).toBeGreaterThan(0);
    const http = model.report().queues.filter((queue) => queue.name.startsWith('http '));
    expect(http.map((queue) => queue.name)).toContain('http pos-s2.stores.local');
    expect(http.filter((queue) => queue.depth !== 0)).toEqual([]);
    expect(renderRunHtml(model.report())).toMatch(/<td>http pos-s2\.stores\.local<\/td><td[^>]*>0<\/td>/);
  });
});
