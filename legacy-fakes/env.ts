/**
 * What a fake needs from the world. The fakes never import the orchestrator or sim/: the
 * harness hands them this environment, on virtual time in a simulation, on real time in live mode.
 */

/** A seeded random stream; probabilities are integer ratios. */
export interface FakeRandom {
  next(): number;
  int(maxExclusive: number): number;
  between(min: number, max: number): number;
  chance(numerator: number, denominator: number): boolean;
}

export interface FakeTraceSink {
  /** Records a ground-truth change (`pos.hold.created`, `wms.file.read`, ...) in the run's history. */
  record(kind: string, orderId: string, detail: string): void;
}

export interface FakeEnv {
  /** Epoch ms (UTC). */
  nowMs(): number;
  /** Runs `action` after `delayMs`; background processes (store staff, batch jobs) use it. */
  schedule(label: string, delayMs: number, action: () => void): void;
  /** A named random stream, independent of every other name. */
  random(name: string): FakeRandom;
  trace: FakeTraceSink;
}

/** A shared folder as the fake sees it: synchronous, because the fake runs inside one event. */
export interface FakeFolder {
  write(path: string, content: string): void;
  rename(fromPath: string, toPath: string): void;
  read(path: string): string | undefined;
  list(dir: string): string[];
}
