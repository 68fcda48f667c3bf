/** A store's network outages, as configured: sorted and not overlapping (checked when built). */
import type { PosOfflineWindow } from './pos-types.ts';

/** The outage `nowMs` falls in (`fromMs` inclusive, `toMs` exclusive), if any. */
export function offlineWindowAt(windows: readonly PosOfflineWindow[] | undefined, nowMs: number): PosOfflineWindow | undefined {
  for (const window of windows ?? []) {
    if (window.fromMs > nowMs) return undefined; // sorted: every later window starts later still
    if (nowMs < window.toMs) return window;
  }
  return undefined;
}
