/**
 * A tiny FakeEnv for the fakes' unit tests: a manual clock, a sorted list of scheduled actions,
 * seeded named random streams and a trace that keeps every record. Deliberately not sim/'s
 * kernel: the fakes are tested against the interface alone.
 */
import seedrandom from 'seedrandom';
import type { FakeEnv, FakeFolder, FakeRandom } from '../../legacy-fakes/env.ts';

export interface TraceRecord {
  atMs: number;
  kind: string;
  reference: string;
  detail: string;
}

interface Scheduled {
  atMs: number;
  seq: number;
  label: string;
  action: () => void;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A run that schedules more than this is looping, not working. */
const EVENTS_PER_RUN_MAX = 100_000;

export class TestEnv implements FakeEnv {
  readonly records: TraceRecord[] = [];
  readonly trace = {
    record: (kind: string, reference: string, detail: string): void => {
      this.records.push({ atMs: this.now, kind, reference, detail });
    },
  };
  private now: number;
  private nextSeq = 0;
  private queue: Scheduled[] = [];
  private readonly streams = new Map<string, FakeRandom>();

  constructor(
    startMs: number,
    private readonly seed = 1,
  ) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  schedule(label: string, delayMs: number, action: () => void): void {
    if (!Number.isInteger(delayMs) || delayMs < 0) throw new RangeError(`schedule(${label}): bad delay ${delayMs}`);
    const event = { atMs: this.now + delayMs, seq: this.nextSeq++, label, action };
    // Sorted by (atMs, seq): insert after every event due at or before it.
    let index = this.queue.length;
    while (index > 0 && (this.queue[index - 1] as Scheduled).atMs > event.atMs) index -= 1;
    this.queue.splice(index, 0, event);
  }

  random(name: string): FakeRandom {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      const prng = seedrandom.alea(`${this.seed}:${name}`);
      const int = (maxExclusive: number): number => Math.floor(prng() * maxExclusive);
      stream = {
        next: () => prng(),
        int,
        between: (min, max) => min + int(max - min + 1),
        chance: (numerator, denominator) => int(denominator) < numerator,
      };
      this.streams.set(name, stream);
    }
    return stream;
  }

  /** Labels and times of what is waiting, soonest first. */
  pending(): { atMs: number; label: string }[] {
    return this.queue.map(({ atMs, label }) => ({ atMs, label }));
  }

  /** Runs every action due up to `untilMs` in order, then leaves the clock at `untilMs`. */
  runUntil(untilMs: number): void {
    if (untilMs < this.now) throw new RangeError(`runUntil: the clock cannot go back from ${this.now} to ${untilMs}`);
    for (let count = 0; ; count += 1) {
      if (count >= EVENTS_PER_RUN_MAX) throw new Error(`runUntil: more than ${EVENTS_PER_RUN_MAX} events`);
      const next = this.queue[0];
      if (next === undefined || next.atMs > untilMs) break;
      this.queue.shift();
      this.now = next.atMs;
      next.action();
    }
    this.now = untilMs;
  }

  advance(ms: number): void {
    this.runUntil(this.now + ms);
  }

  recordsOf(kind: string): TraceRecord[] {
    return this.records.filter((record) => record.kind === kind);
  }
}

/** A TestEnv that remembers which random streams were asked for, in order. */
export class WatchedEnv extends TestEnv {
  readonly streamsAsked: string[] = [];

  override random(name: string): FakeRandom {
    this.streamsAsked.push(name);
    return super.random(name);
  }
}

/** An in-memory shared folder; `list` answers file names directly inside the folder, sorted. */
export class MemoryFolder implements FakeFolder {
  readonly files = new Map<string, string>();

  write(path: string, content: string): void {
    this.files.set(path, content);
  }

  rename(fromPath: string, toPath: string): void {
    const content = this.files.get(fromPath);
    if (content === undefined) throw new Error(`rename: no file ${fromPath}`);
    this.files.delete(fromPath);
    this.files.set(toPath, content);
  }

  read(path: string): string | undefined {
    return this.files.get(path);
  }

  list(dir: string): string[] {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return [...this.files.keys()]
      .filter((path) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
      .map((path) => path.slice(prefix.length))
      .sort();
  }
}
