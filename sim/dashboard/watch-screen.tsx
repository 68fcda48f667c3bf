import { render } from 'ink';
import { App } from './components/App.tsx';
import { DashboardModel } from './model.ts';
import { DashboardQuit, Pacer, type PacerOptions } from './pacer.ts';
import type { HistorySource } from './run-input.node.ts';
import type { RunResult } from '../world/simulate.ts';

export interface ScreenOptions {
  /** Frames per second at most. */
  fps: number;
  /** Index into SPEEDS to start at. */
  speedIndex?: number;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

export type ScreenOutcome = { kind: 'finished'; model: DashboardModel; result: RunResult | undefined } | { kind: 'quit'; model: DashboardModel };

const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

/** A pacer on the real clock and event loop, watching the model's trace. */
export function realTimePacer(model: DashboardModel, options: Pick<PacerOptions, 'speedIndex' | 'yieldEveryMs'> = {}): Pacer {
  return new Pacer({
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    yieldTurn: () => new Promise((resolve) => setImmediate(resolve)),
    simNowMs: () => model.atMs,
    traceEvents: () => model.traceEvents,
    ...options,
  });
}

/**
 * The full-screen dashboard on a terminal: the history plays on its own (paced by the keys through
 * the kernel's pause hook) while ink redraws at most `fps` times a second. Runs on the alternate
 * screen, which is left (and the cursor shown) however it ends, so the terminal stays usable.
 * Resolves when the person quits: after the run finished, or before (then with no verdict).
 */
export async function watchOnScreen(source: HistorySource, options: ScreenOptions): Promise<ScreenOutcome> {
  const stdout = options.stdout ?? process.stdout;
  const model = new DashboardModel(source.info);
  const pacer = realTimePacer(model, options.speedIndex === undefined ? {} : { speedIndex: options.speedIndex });
  const restore = (): void => {
    stdout.write(`${SHOW_CURSOR}${LEAVE_ALTERNATE_SCREEN}`);
  };
  process.once('exit', restore);
  stdout.write(ENTER_ALTERNATE_SCREEN);
  const app = render(<App source={model} pacer={pacer} fps={options.fps} now={() => performance.now()} />, {
    stdout,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: options.fps,
  });
  let result: RunResult | undefined;
  let failure: unknown;
  let quit = false;
  const played = source.play(model, { pause: pacer.pause }).then(
    (value) => {
      result = value;
      model.finish(value);
    },
    (error: unknown) => {
      if (error instanceof DashboardQuit) quit = true;
      else {
        failure = error;
        app.unmount();
      }
    },
  );
  try {
    await app.waitUntilExit();
    // q while the history still plays: the pause hook throws at the next event boundary.
    pacer.quit();
    await played;
  } finally {
    app.cleanup();
    restore();
    process.off('exit', restore);
  }
  if (failure !== undefined) throw failure;
  return quit ? { kind: 'quit', model } : { kind: 'finished', model, result };
}
