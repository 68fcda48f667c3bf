import type { PublishedEvent } from '../../orchestrator/ports.ts';
import type { SimKernel } from '../kernel/kernel.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import type { PosFake } from '../../legacy-fakes/pos/pos-fake.ts';
import { msUntilOpen } from './opening-hours.ts';

const HOUR_MS = 3_600_000;

/**
 * Customers who were told their order is ready come to the store some hours later (during
 * opening hours) and collect it at the till. They react to the orchestrator's `pickup.ready`
 * notification only: an orchestrator that never tells them leaves the order uncollected.
 */
export class Customers {
  constructor(
    private readonly kernel: SimKernel,
    private readonly scenario: Scenario,
    private readonly pos: PosFake,
  ) {}

  onPublished(event: PublishedEvent): void {
    if (event.type !== 'pickup.ready') return;
    const storeId = event.payload['storeId'];
    const reference = event.payload['pickupReference'];
    if (typeof storeId !== 'string' || typeof reference !== 'string') return;
    const store = this.scenario.topology.stores.find((candidate) => candidate.id === storeId);
    if (store === undefined) return;
    const random = this.kernel.random.stream('customers.pickup');
    const { min, max } = this.scenario.workload.pickupDelayHours;
    const decideMs = random.between(min * HOUR_MS, max * HOUR_MS);
    const arrival = this.kernel.clock.nowMs() + decideMs;
    const waitForOpenMs = msUntilOpen(arrival, store.timeZone, store.openLocal, store.closeLocal);
    const browseMs = waitForOpenMs > 0 ? random.between(0, 2 * HOUR_MS) : 0;
    this.kernel.schedule('customer.pickup', decideMs + waitForOpenMs + browseMs, () => {
      this.kernel.trace.record(this.kernel.elapsedMs, 'customer.at_till', 'customer', event.correlationId, reference, storeId);
      this.pos.tillPickup(storeId, reference);
    });
  }
}
