import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

describe('the reference orchestrator under POS faults', () => {
  it('converges through ghost successes, lost requests, errors in the body, 503s and walk-in shoppers, and the faults really fired', async () => {
    const { scenario } = loadScenario('pos-timeouts');
    const result = await simulate({ scenario, scenarioRef: 'pos-timeouts', seed: 5, orders: 800 }, () => 0);
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
    for (const fault of ['pos.ghost_success', 'pos.lost_request', 'pos.error_in_body', 'pos.unavailable', 'pos.in_store_sale']) {
      expect(result.faultsFired[fault] ?? 0, fault).toBeGreaterThan(0);
    }
  });

  it('re-routes or waits out store outages without losing or doubling anything', async () => {
    const { scenario } = loadScenario('store-outage');
    const result = await simulate({ scenario, scenarioRef: 'store-outage', seed: 2, orders: 800 }, () => 0);
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
    expect(result.faultsFired['pos.offline_hang'] ?? 0).toBeGreaterThan(0);
    expect(result.faultsFired['pos.offline_refuse'] ?? 0).toBeGreaterThan(0);
  });
});

describe('crash-restart (incident 12)', () => {
  for (const every of [150, 600]) {
    it(`loses no order and doubles no effect when the orchestrator crashes every ${every} events`, async () => {
      const { scenario } = loadScenario('pos-timeouts');
      const result = await simulate({ scenario, scenarioRef: 'pos-timeouts', seed: 9, orders: 600, crashEveryEvents: every }, () => 0);
      expect(result.faultsFired['orchestrator.crash'] ?? 0).toBeGreaterThan(2);
      expect(result.violations).toEqual([]);
      expect(result.metrics.ordersClosed).toBe(600);
    });
  }

  it('puts the crash cadence in the replay command', async () => {
    const { scenario } = loadScenario('baseline');
    const result = await simulate({ scenario, scenarioRef: 'baseline', seed: 1, orders: 20, crashEveryEvents: 50, checkers: [{ name: 'always', atEnd: (_context, report) => report({ invariant: 'always', orderId: '', detail: 'probe', firstBadEvent: null }) }] }, () => 0);
    expect(result.violations[0]?.replay).toBe('npx converge run --scenario baseline --seed 1 --orders 20 --crash-every 50');
  });
});

describe('the reference orchestrator under WMS faults', () => {
  it('converges through late, duplicate, damaged and out-of-order files, short and split shipments and rejected lines', async () => {
    const { scenario } = loadScenario('wms-late-and-duplicate-files');
    const fired = new Map<string, number>();
    for (const seed of [1, 3]) {
      const result = await simulate({ scenario, scenarioRef: 'wms-late-and-duplicate-files', seed }, () => 0);
      expect(result.violations, `seed ${seed}`).toEqual([]);
      expect(result.converged, `seed ${seed}`).toBe(true);
      for (const [fault, count] of Object.entries(result.faultsFired)) fired.set(fault, (fired.get(fault) ?? 0) + count);
    }
    // Which fault fires under which seed moves with the orchestrator's behaviour; across two seeds, all of these do.
    for (const fault of ['wms.late', 'wms.duplicate_confirmation', 'wms.truncated_file', 'wms.checksum_mismatch', 'wms.out_of_order_control_numbers', 'wms.phantom_ack', 'wms.stale_snapshot', 'wms.short_ship', 'wms.split_shipment', 'wms.reject_line']) {
      expect(fired.get(fault) ?? 0, fault).toBeGreaterThan(0);
    }
  });
});

describe('a crash between the gateway authorising and the orchestrator recording it', () => {
  it('adopts the authorisation it never heard of instead of holding the card twice', async () => {
    // Seed 15 with crashes every 300 events lost an authorisation reply to a crash; two days
    // later, the gateway having forgotten the key, a second authorisation left the first open.
    const { scenario } = loadScenario('wms-late-and-duplicate-files');
    const result = await simulate({ scenario, scenarioRef: 'wms-late-and-duplicate-files', seed: 15, crashEveryEvents: 300 }, () => 0);
    expect(result.faultsFired['orchestrator.crash'] ?? 0).toBeGreaterThan(0);
    expect(result.violations).toEqual([]);
  });
});
