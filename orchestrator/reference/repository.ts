import type { FoLine, FulfillmentOrder, Order } from '../model/types.ts';
import type { StorePort } from '../ports.ts';
import { requireTransaction } from '../store/require-transaction.ts';

const OPEN_ORDERS_INDEX = 'index:open-orders';

/** Orders and FOs in the durable store. Values are immutable: every change stores a new object. */
export class Repository {
  constructor(private readonly store: StorePort) {}

  order(orderId: string): Order | undefined {
    return this.store.get<Order>('orders', orderId);
  }

  requireOrder(orderId: string): Order {
    const order = this.order(orderId);
    if (order === undefined) throw new Error(`order ${orderId} does not exist`);
    return order;
  }

  putOrder(order: Order): void {
    requireTransaction(this.store, `order ${order.orderId} written`);
    this.store.put('orders', order.orderId, order);
  }

  orders(): IterableIterator<Order> {
    return this.store.values<Order>('orders');
  }

  fo(foId: string): FulfillmentOrder | undefined {
    return this.store.get<FulfillmentOrder>('fos', foId);
  }

  requireFo(foId: string): FulfillmentOrder {
    const fo = this.fo(foId);
    if (fo === undefined) throw new Error(`fulfillment order ${foId} does not exist`);
    return fo;
  }

  putFo(fo: FulfillmentOrder): void {
    requireTransaction(this.store, `fulfillment order ${fo.foId} written`);
    this.store.put('fos', fo.foId, fo);
  }

  putFoAndReturn(fo: FulfillmentOrder): FulfillmentOrder {
    this.putFo(fo);
    return fo;
  }

  /** Changes one line of an FO (not its state: that goes through the lifecycle). */
  updateFoLine(foId: string, lineNo: number, changes: Partial<FoLine>): FulfillmentOrder {
    return this.updateLineOf(this.requireFo(foId), lineNo, changes);
  }

  /** As updateFoLine, for an FO the caller read in this same step: it is what is stored, so not read again. */
  updateLineOf(fo: FulfillmentOrder, lineNo: number, changes: Partial<FoLine>): FulfillmentOrder {
    const next = { ...fo, lines: fo.lines.map((line) => (line.lineNo === lineNo ? { ...line, ...changes } : line)) };
    this.putFo(next);
    return next;
  }

  fos(): IterableIterator<FulfillmentOrder> {
    return this.store.values<FulfillmentOrder>('fos');
  }

  openOrderCount(): number {
    return this.store.get<number>('meta', 'open-orders') ?? 0;
  }

  /** Orders not closed yet, newest first (the likeliest to be still moving): a convergence probe reads these, not every order ever taken. */
  *openOrders(): IterableIterator<Order> {
    const orderIds = [...this.store.values<string>(OPEN_ORDERS_INDEX)];
    for (let index = orderIds.length - 1; index >= 0; index--) yield this.requireOrder(orderIds[index] as string);
  }

  /** A new order is open: counted, and indexed. */
  orderOpened(orderId: string): void {
    this.store.put(OPEN_ORDERS_INDEX, orderId, orderId);
    this.adjustOpenOrders(1);
  }

  /** An order closed (once: orders never reopen). */
  orderClosed(orderId: string): void {
    this.store.delete(OPEN_ORDERS_INDEX, orderId);
    this.adjustOpenOrders(-1);
  }

  private adjustOpenOrders(delta: number): void {
    this.store.put('meta', 'open-orders', this.openOrderCount() + delta);
  }

  /** Next value of a named counter (control numbers, FO numbers); persisted before use. */
  nextCounter(name: string): number {
    const next = (this.store.get<number>('counters', name) ?? 0) + 1;
    this.store.put('counters', name, next);
    return next;
  }
}
