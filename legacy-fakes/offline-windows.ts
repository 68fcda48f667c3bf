/** A fake server's network outages, as configured: sorted and not overlapping (checked when built). */
import type { FakeExchange } from './http.ts';

/** A period the server's network is down (epoch ms, `fromMs` inclusive, `toMs` exclusive). */
export interface OfflineWindow {
  fromMs: number;
  toMs: number;
  /** `hang`: connections hang until the caller gives up; `refuse`: refused at once. */
  mode: 'hang' | 'refuse';
}

/** How long (ms) the network was down within [fromMs, toMs). */
export function offlineMsWithin(windows: readonly Pick<OfflineWindow, 'fromMs' | 'toMs'>[] | undefined, fromMs: number, toMs: number): number {
  return (windows ?? []).reduce((sum, window) => sum + Math.max(0, Math.min(toMs, window.toMs) - Math.max(fromMs, window.fromMs)), 0);
}

/** The outage `nowMs` falls in, if any. */
export function offlineWindowAt<W extends OfflineWindow>(windows: readonly W[] | undefined, nowMs: number): W | undefined {
  for (const window of windows ?? []) {
    if (window.fromMs > nowMs) return undefined; // sorted: every later window starts later still
    if (nowMs < window.toMs) return window;
  }
  return undefined;
}

/** What a caller sees of a request sent during the outage: a hung or a refused connection, nothing applied. */
export function offlineExchange(window: OfflineWindow): FakeExchange {
  return { kind: window.mode === 'hang' ? 'hung' : 'refused' };
}
