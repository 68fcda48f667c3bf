/**
 * A fake behind the live HTTP server (sim/live/pos-server.live.ts), rebuilt from scratch for each
 * provider state so nothing leaks from one interaction into the next. The live server carries
 * any fake's `exchange` (an Endpoint); it names the fake by the path prefix `/stores/<id>`.
 */
import type { FakeEnv } from '../../../legacy-fakes/env.ts';
import type { FakeExchange, FakeHttpRequest } from '../../../legacy-fakes/http.ts';
import { RealTimeEnv } from '../../../sim/live/real-time-env.live.ts';
import { startPosServer, type PosServer } from '../../../sim/live/pos-server.live.ts';

/** A fixed start instant: what the fakes stamp on records is matched by shape, never by value. */
const START_EPOCH_MS = Date.parse('2026-11-27T14:00:00Z');

export class LiveFake<Fake> {
  private env: RealTimeEnv | undefined;
  private fake: Fake | undefined;
  private server: PosServer | undefined;

  private constructor(
    private readonly id: string,
    private readonly exchange: (fake: Fake, request: FakeHttpRequest) => FakeExchange,
  ) {}

  static async start<Fake>(id: string, exchange: (fake: Fake, request: FakeHttpRequest) => FakeExchange): Promise<LiveFake<Fake>> {
    const live = new LiveFake(id, exchange);
    live.server = await startPosServer({ stores: new Map([[id, (request) => live.exchange(live.current(), request)]]), speed: 1, port: 0 });
    return live;
  }

  /** The provider base URL for the verifier. */
  get baseUrl(): string {
    if (this.server === undefined) throw new Error(`the live server for ${this.id} is not started`);
    return `${this.server.url}/stores/${this.id}`;
  }

  /** A fresh fake on a fresh real-time env (seed 1, fixed start): the provider state's world. */
  rebuild(make: (env: FakeEnv) => Fake): Fake {
    this.env?.stop();
    this.env = new RealTimeEnv({
      seed: 1,
      startEpochMs: START_EPOCH_MS,
      speed: 1,
      onTrace: () => undefined,
      onError: (label, error) => {
        throw new Error(`${this.id} provider job ${label} failed: ${String(error)}`);
      },
    });
    this.fake = make(this.env.fake(this.id));
    return this.fake;
  }

  async stop(): Promise<void> {
    this.env?.stop();
    await this.server?.close();
  }

  private current(): Fake {
    // A request before any provider state is a verification bug: say so rather than guess a world.
    if (this.fake === undefined) throw new Error(`the ${this.id} provider got a request before any provider state was set up`);
    return this.fake;
  }
}

/** Throws unless a provider state's own set-up request got the status it needs. */
export function expectSetUpStatus(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`setting up provider state: ${what}: expected HTTP ${expected}, got ${actual}`);
}
