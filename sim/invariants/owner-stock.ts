import type { NodeSpec } from '../../orchestrator/plugin.ts';
import type { CheckContext, OwnerStock, WmsLineAt } from './types.ts';

/**
 * Stock by the owners' own books, read once per end-of-run pass (or per question, during a run):
 * a store can still promise what is on its shelf minus what its live holds keep off it; a DC
 * what it has on hand minus the lines it accepted and has not shipped yet. Both net of the
 * node's safety stock, which no orchestrator may promise.
 */
export class OwnerStockBooks implements OwnerStock {
  private readonly nodes: ReadonlyMap<string, NodeSpec>;
  private dcOnHand: Map<string, ReadonlyMap<string, number>> | undefined;
  private dcReserved: Map<string, number> | undefined;
  private linesByFo: Map<string, WmsLineAt[]> | undefined;

  constructor(private readonly context: CheckContext) {
    this.nodes = new Map(context.world.nodes.map((node) => [node.nodeId, node]));
  }

  available(nodeId: string, sku: string): number {
    const node = this.nodes.get(nodeId);
    if (node === undefined) return 0;
    if (node.kind === 'STORE') return this.context.pos.position(nodeId, sku).available - node.safetyStock;
    this.readWms();
    const onHand = this.dcOnHand?.get(nodeId)?.get(sku) ?? 0;
    return onHand - (this.dcReserved?.get(`${nodeId}|${sku}`) ?? 0) - node.safetyStock;
  }

  wmsLinesOf(foId: string): readonly WmsLineAt[] {
    this.readWms();
    return this.linesByFo?.get(foId) ?? [];
  }

  /** One copy of the WMS's books for the whole pass: its truth() copies every line. */
  private readWms(): void {
    if (this.dcOnHand !== undefined) return;
    this.dcOnHand = new Map();
    this.dcReserved = new Map();
    this.linesByFo = new Map();
    for (const dc of this.context.wms.truth()) {
      this.dcOnHand.set(dc.dcId, dc.onHand);
      for (const line of dc.lines) {
        const at = { ...line, dcId: dc.dcId };
        const mine = this.linesByFo.get(line.foId);
        if (mine === undefined) this.linesByFo.set(line.foId, [at]);
        else mine.push(at);
        if (line.status !== 'ACCEPTED') continue;
        const open = line.quantity - line.shippedQuantity - line.cancelledQuantity;
        const key = `${dc.dcId}|${line.sku}`;
        if (open > 0) this.dcReserved.set(key, (this.dcReserved.get(key) ?? 0) + open);
      }
    }
  }
}
