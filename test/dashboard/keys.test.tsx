import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App } from '../../sim/dashboard/components/App.tsx';
import { DashboardQuit, Pacer, SPEEDS } from '../../sim/dashboard/pacer.ts';
import { fixtureModel } from './fixture.ts';

const tick = (ms = 30): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A pacer on a fake clock; `traced` stands for the trace's length, which a step watches. */
function fakePacer() {
  const clock = { wallMs: 0, simMs: 0, traced: 0, sleeps: [] as number[] };
  const pacer = new Pacer({
    now: () => clock.wallMs,
    sleep: (ms) => (clock.sleeps.push(ms), Promise.resolve()),
    yieldTurn: () => Promise.resolve(),
    simNowMs: () => clock.simMs,
    traceEvents: () => clock.traced,
  });
  return { pacer, clock };
}

/** Whether a promise has settled after the microtasks run. */
async function settled(promise: Promise<void> | undefined): Promise<boolean> {
  if (promise === undefined) return true;
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await tick(5);
  return done;
}

describe('the pause hook', () => {
  it('holds the run while paused and lets it go on resume', async () => {
    const { pacer } = fakePacer();
    pacer.togglePause();
    const held = pacer.pause();
    expect(held).toBeDefined();
    expect(await settled(held)).toBe(false);
    pacer.togglePause();
    expect(await settled(held)).toBe(true);
    expect(pacer.state.mode).toBe('running');
  });

  it('steps one batch: kernel events until the trace grows, then holds again', async () => {
    const { pacer, clock } = fakePacer();
    pacer.togglePause();
    const held = pacer.pause();
    pacer.step();
    expect(await settled(held)).toBe(true);
    expect(pacer.pause()).toBeUndefined(); // a kernel event that traced nothing: go on
    clock.traced = 3; // the next event recorded something: the batch is over
    const again = pacer.pause();
    expect(pacer.state.mode).toBe('paused');
    expect(await settled(again)).toBe(false);
  });

  it('quits: a held run and the next boundary both get DashboardQuit', async () => {
    const { pacer } = fakePacer();
    pacer.togglePause();
    const held = pacer.pause();
    pacer.quit();
    await expect(held).rejects.toBeInstanceOf(DashboardQuit);
    await expect(pacer.pause()).rejects.toBeInstanceOf(DashboardQuit);
  });

  it('paces to the chosen speed: sleeps while virtual time is ahead of wall time x speed', () => {
    const { pacer, clock } = fakePacer();
    for (let i = 0; i < SPEEDS.length; i++) pacer.slower();
    expect(pacer.state.speed).toBe(SPEEDS[0]);
    clock.simMs = 120_000; // two simulated minutes at 60x wants two wall seconds
    expect(pacer.pause()).toBeDefined();
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThan(0);
    clock.wallMs = 2_000; // caught up: no more sleeping (at most a turn of the event loop)
    void pacer.pause();
    expect(clock.sleeps).toHaveLength(1);
  });
});

describe('keys in the dashboard', () => {
  it('space pauses and resumes, s steps, + and - change speed, q quits', async () => {
    const { pacer } = fakePacer();
    let quits = 0;
    const app = render(<App source={fixtureModel()} pacer={pacer} fps={30} now={() => 1000} onQuit={() => quits++} />);
    await tick();
    expect(app.lastFrame()).toContain('RUNNING');
    app.stdin.write(' ');
    await tick();
    expect(pacer.state.mode).toBe('paused');
    expect(app.lastFrame()).toContain('PAUSED');
    app.stdin.write('s');
    await tick();
    expect(pacer.state.mode).toBe('stepping');
    app.stdin.write(' ');
    await tick();
    expect(pacer.state.mode).toBe('running');
    app.stdin.write('-');
    await tick();
    expect(app.lastFrame()).toContain('speed 1d/s');
    app.stdin.write('+');
    await tick();
    expect(app.lastFrame()).toContain('speed max');
    app.stdin.write('q');
    await tick();
    expect(quits).toBe(1);
    expect(pacer.state.mode).toBe('quitting');
    await expect(pacer.pause()).rejects.toBeInstanceOf(DashboardQuit);
    app.unmount();
  });
});
