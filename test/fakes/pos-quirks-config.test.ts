/** A bad `quirks` fails when the fake is built, naming the field, the value and what was expected. */
import { describe, expect, it } from 'vitest';
import { PosFake } from '../../legacy-fakes/pos/pos-fake.ts';
import type { PosQuirks } from '../../legacy-fakes/pos/pos-fake.ts';
import { FakeConfigError } from '../../legacy-fakes/config-error.ts';
import { NEW_YORK, setUp, START_MS } from './pos-helpers.ts';
import { TestEnv } from './test-env.ts';

const window = { fromMs: START_MS, toMs: START_MS + 1000, mode: 'hang' as const };

describe('POS quirks configuration', () => {
  it.each([
    [[], /^stores\[0\]\.quirks: expected an object of quirks, got \[\]$/],
    [{ ghostSucess: [1, 2] }, /^stores\[0\]\.quirks\.ghostSucess: expected one of the quirks serviceMs, ghostSuccess, .*, got "ghostSucess"$/],
    [{ serviceMs: { min: 10, max: 5 } }, /^stores\[0\]\.quirks\.serviceMs: expected 0 <= min <= max <= 60000, got \{"min":10,"max":5\}$/],
    [{ serviceMs: { min: -1, max: 5 } }, /^stores\[0\]\.quirks\.serviceMs\.min: expected a non-negative integer, got -1$/],
    [{ serviceMs: 100 }, /^stores\[0\]\.quirks\.serviceMs: expected \{ min, max \}/],
    [{ ghostSuccess: [1, 0] }, /^stores\[0\]\.quirks\.ghostSuccess: expected an integer ratio \[numerator, denominator\] .*, got \[1,0\]$/],
    [{ lostRequest: [3, 2] }, /^stores\[0\]\.quirks\.lostRequest: expected an integer ratio .*, got \[3,2\]$/],
    [{ errorInBody: 0.1 }, /^stores\[0\]\.quirks\.errorInBody: expected an integer ratio .*, got 0\.1$/],
    [{ errorInBody: [0.5, 1] }, /^stores\[0\]\.quirks\.errorInBody: expected an integer ratio .*, got \[0\.5,1\]$/],
    [{ unavailable: { ratio: [1, 2], retryAfterSeconds: -5 } }, /^stores\[0\]\.quirks\.unavailable\.retryAfterSeconds: expected an integer between 0 and 86400, got -5$/],
    [{ unavailable: { ratio: [-1, 2], retryAfterSeconds: 5 } }, /^stores\[0\]\.quirks\.unavailable\.ratio: expected an integer ratio/],
    [{ offline: window }, /^stores\[0\]\.quirks\.offline: expected a list of \{ fromMs, toMs, mode \}/],
    [{ offline: [{ ...window, toMs: window.fromMs }] }, /^stores\[0\]\.quirks\.offline\[0\]\.toMs: expected an integer epoch ms after fromMs \d+, got \d+$/],
    [{ offline: [{ ...window, mode: 'down' }] }, /^stores\[0\]\.quirks\.offline\[0\]\.mode: expected "hang" or "refuse", got "down"$/],
    [{ offline: [window, { ...window, fromMs: window.toMs - 1, toMs: window.toMs + 5 }] }, /^stores\[0\]\.quirks\.offline\[1\]\.fromMs: expected windows in time order, not overlapping/],
    [{ apiKey: '' }, /^stores\[0\]\.quirks\.apiKey: expected a non-empty string of at most 200 characters, got ""$/],
    [{ inStoreShoppers: { salesPerOpenHour: -1, quantity: { min: 1, max: 1 } } }, /^stores\[0\]\.quirks\.inStoreShoppers\.salesPerOpenHour: expected a number between 0 and 3600, got -1$/],
    [{ inStoreShoppers: { salesPerOpenHour: Number.NaN, quantity: { min: 1, max: 1 } } }, /^stores\[0\]\.quirks\.inStoreShoppers\.salesPerOpenHour: expected a number/],
    [{ inStoreShoppers: { salesPerOpenHour: 5, quantity: { min: 0, max: 1 } } }, /^stores\[0\]\.quirks\.inStoreShoppers\.quantity: expected 1 <= min <= max <= 1000, got \{"min":0,"max":1\}$/],
    [{ inStoreShoppers: { salesPerOpenHour: 5 } }, /^stores\[0\]\.quirks\.inStoreShoppers\.quantity: expected \{ min, max \}/],
  ])('rejects %j, naming the field', (quirks, message) => {
    const build = (): PosFake => new PosFake(new TestEnv(START_MS), [{ ...NEW_YORK, quirks: quirks as PosQuirks }]);
    expect(build).toThrow(FakeConfigError);
    expect(build).toThrow(message);
  });

  it('accepts every quirk at once, and windows that touch', () => {
    const quirks: PosQuirks = {
      serviceMs: { min: 0, max: 0 },
      ghostSuccess: [0, 1],
      lostRequest: [1, 1],
      errorInBody: [1, 100],
      unavailable: { ratio: [1, 20], retryAfterSeconds: 0 },
      offline: [window, { fromMs: window.toMs, toMs: window.toMs + 1, mode: 'refuse' }],
      apiKey: 'k',
      inStoreShoppers: { salesPerOpenHour: 0, quantity: { min: 1, max: 1 } },
    };
    const env = new TestEnv(START_MS);
    expect(() => new PosFake(env, [{ ...NEW_YORK, quirks }])).not.toThrow();
    expect(env.pending()).toEqual([]); // no sales an hour: no shopper is ever booked
  });
});

describe('values JSON cannot show', () => {
  it('still get a FakeConfigError naming the field, not a TypeError from the message', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const bad of [10n, cyclic, () => 1]) {
      expect(() => setUp([{ ...NEW_YORK, quirks: { ghostSuccess: bad as never } }])).toThrow(FakeConfigError);
      expect(() => setUp([{ ...NEW_YORK, quirks: { ghostSuccess: bad as never } }])).toThrow(/quirks\.ghostSuccess/);
    }
  });
});
