import { useApp, useInput, useStdout } from 'ink';
import { useEffect, useState, type ReactNode } from 'react';
import type { DashboardSnapshot } from '../model.ts';
import type { PacerMode } from '../pacer.ts';
import { Dashboard, FULL_LAYOUT_ROWS } from './Dashboard.tsx';

/** What the app reads: the model's snapshots. */
export interface SnapshotSource {
  snapshot(): DashboardSnapshot;
  /** Changes whenever the snapshot would. */
  readonly version: string;
}

/** What the keys drive: only the pacing of the run, never the world. */
export interface PaceControl {
  readonly state: { mode: PacerMode; speed: number };
  togglePause(): void;
  step(): void;
  faster(): void;
  slower(): void;
  quit(): void;
  /** Subscribes to the run stopping at a boundary; returns the unsubscribe. */
  onHold(listener: () => void): () => void;
}

export interface AppProps {
  source: SnapshotSource;
  pacer: PaceControl;
  /** Frames per second at most; a frame with nothing new is skipped. */
  fps: number;
  /** Wall clock, ms, for the time compression shown. */
  now: () => number;
  /** Called once when the person quits (q or ctrl-c). */
  onQuit?: () => void;
}

/**
 * The live dashboard: redraws from a fresh snapshot at a bounded frame rate (and after each key),
 * and turns keys into pacing: space pauses, s steps one batch, + and - change speed, q quits.
 */
export function App({ source, pacer, fps, now, onQuit }: AppProps): ReactNode {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [startedMs] = useState(now);
  const [frame, setFrame] = useState(() => ({ snapshot: source.snapshot(), wallMs: 0, version: source.version }));
  const redraw = (): void => setFrame({ snapshot: source.snapshot(), wallMs: now() - startedMs, version: source.version });

  useEffect(() => {
    // Nothing new (paused, or a quiet stretch): no snapshot, no frame.
    const tick = (): void => setFrame((last) => (last.version === source.version ? last : { snapshot: source.snapshot(), wallMs: now() - startedMs, version: source.version }));
    const timer = setInterval(tick, Math.max(16, Math.round(1000 / fps)));
    // Held: draw the state exactly where the run stopped, not the one seen when the key came.
    const unsubscribe = pacer.onHold(redraw);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
    // The source, the pacer and the clock are fixed for the app's life: one timer, one subscription.
  }, []);

  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) {
      pacer.quit();
      onQuit?.();
      exit();
      return;
    }
    if (input === ' ') pacer.togglePause();
    else if (input === 's') pacer.step();
    else if (input === '+' || input === '=') pacer.faster();
    else if (input === '-' || input === '_') pacer.slower();
    else return;
    redraw();
  });

  const { snapshot, wallMs } = frame;
  const compression = wallMs <= 0 ? 0 : snapshot.atMs / wallMs;
  return <Dashboard snapshot={snapshot} speed={pacer.state.speed} compression={compression} mode={pacer.state.mode} columns={stdout.columns || 120} rows={stdout.rows || FULL_LAYOUT_ROWS} />;
}
