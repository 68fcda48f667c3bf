import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App } from '../../sim/dashboard/components/App.tsx';
import { DashboardModel } from '../../sim/dashboard/model.ts';
import { Pacer } from '../../sim/dashboard/pacer.ts';
import { fixtureEvents, FIXTURE_INFO } from './fixture.ts';

/** A turn of the event loop for ink to draw; well under the app's own redraw interval (fps 1). */
const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

/**
 * The kernel's side, by hand: events go into the model, and the pause hook is asked between two
 * of them. A key only takes effect at the next boundary, so the run moves on after it.
 */
function world() {
  const model = new DashboardModel(FIXTURE_INFO);
  const events = fixtureEvents();
  let next = 0;
  const pacer = new Pacer({ now: () => 0, sleep: () => Promise.resolve(), yieldTurn: () => Promise.resolve(), simNowMs: () => model.atMs, traceEvents: () => model.traceEvents });
  return {
    model,
    pacer,
    /** One kernel event that traces `count` events, then the boundary's pause hook. */
    run(count: number): Promise<void> | undefined {
      for (const end = next + count; next < end; next++) model.listen(events[next]!);
      return pacer.pause();
    },
  };
}

const traceEventsShown = (frame: string | undefined): string | undefined => /trace events ([0-9,]+)/.exec(frame ?? '')?.[1];

describe('the paused screen', () => {
  it('shows the state where the run stopped, not where the key came', async () => {
    const { model, pacer, run } = world();
    void run(5);
    const app = render(<App source={model} pacer={pacer} fps={1} now={() => 1000} />);
    await turn();
    app.stdin.write(' ');
    await turn();
    // The key came at 5 trace events; the run went on through one more kernel event (3 traced) to the boundary.
    void run(3);
    await turn();
    expect(pacer.state.mode).toBe('paused');
    expect(model.traceEvents).toBe(8);
    expect(traceEventsShown(app.lastFrame())).toBe('8');
    expect(app.lastFrame()).toContain('PAUSED');
    app.unmount();
  });

  it('after a step, shows the state where the batch ended', async () => {
    const { model, pacer, run } = world();
    void run(2);
    const app = render(<App source={model} pacer={pacer} fps={1} now={() => 1000} />);
    app.stdin.write(' ');
    await turn();
    void run(1);
    await turn();
    app.stdin.write('s');
    await turn();
    void run(4); // the batch: one kernel event that traced 4
    await turn();
    expect(pacer.state.mode).toBe('paused');
    expect(traceEventsShown(app.lastFrame())).toBe('7');
    app.unmount();
  });
});
