import type { PlaceOrderCommand } from '../../orchestrator/plugin.ts';
import type { RandomStream } from '../kernel/random.ts';
import type { Scenario } from '../world/scenario-schema.ts';

/** A fixed catalogue price per SKU, between $4.99 and $199.99: no draw, so prices never shift the workload. */
export function priceOf(sku: string): number {
  const index = Number(sku.slice(sku.lastIndexOf('-') + 1));
  return 499 + ((index * 7919) % 19_501);
}

export function skuName(index: number): string {
  return `SKU-${String(index + 1).padStart(4, '0')}`;
}

/**
 * Draws order contents. Popularity is skewed (a few SKUs sell most, as in real catalogues):
 * the SKU index is drawn as floor(n * u^2).
 */
export class OrderGenerator {
  private sequence = 0;
  private readonly pickupStores: string[];

  constructor(
    private readonly random: RandomStream,
    private readonly scenario: Scenario,
  ) {
    this.pickupStores = scenario.topology.stores.filter((store) => store.methods.includes('BOPIS') || store.methods.includes('CURBSIDE')).map((store) => store.id);
  }

  next(): PlaceOrderCommand {
    const { workload, catalog } = this.scenario;
    const channelOrderId = String(++this.sequence).padStart(7, '0');
    const lineCount = this.random.between(workload.linesPerOrder.min, Math.max(1, workload.linesPerOrder.max));
    const skus = new Set<string>();
    while (skus.size < Math.min(lineCount, catalog.skus)) {
      const u = this.random.next();
      skus.add(skuName(Math.floor(catalog.skus * u * u)));
    }
    const lines = [...skus].map((sku) => ({
      sku,
      quantity: this.random.between(Math.max(1, workload.quantityPerLine.min), Math.max(1, workload.quantityPerLine.max)),
      unitPriceCents: priceOf(sku),
    }));
    const pickup = this.pickupStores.length > 0 && this.random.chance(workload.pickupRatio[0], workload.pickupRatio[1]);
    return {
      idempotencyKey: `web:${channelOrderId}`,
      channel: 'web',
      channelOrderId,
      customerTier: this.random.chance(workload.vipRatio[0], workload.vipRatio[1]) ? 'VIP' : 'STANDARD',
      delivery: pickup ? { method: 'PICKUP', storeId: this.random.pick(this.pickupStores) } : { method: 'SHIP' },
      lines,
    };
  }
}
