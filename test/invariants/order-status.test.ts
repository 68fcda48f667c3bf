import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FO_STATES } from '../../orchestrator/model/fo-state-machine.ts';
import type { FoView, OrderView } from '../../orchestrator/plugin.ts';
import { deriveStatus } from '../../orchestrator/reference/views.ts';
import { orderStatusChecker, statusFromFos } from '../../sim/invariants/order-status.ts';
import { atEnd, checkContextOf } from './check-context.ts';

const fos = (...states: string[]) => states.map((state) => ({ state, lines: [] })) as unknown as FoView[];

describe('views.order-status-follows-its-fos', () => {
  it('derives the documented status from the FOs’ states', () => {
    expect(statusFromFos(fos('CANCELLED', 'CANCELLED'))).toBe('CANCELLED');
    expect(statusFromFos(fos('COMPLETED', 'CANCELLED'))).toBe('PARTIALLY_CANCELLED');
    expect(statusFromFos(fos('SHIPPED', 'PICKED_UP'))).toBe('COMPLETED');
    expect(statusFromFos(fos('SHIPPED', 'ALLOCATED'))).toBe('PARTIALLY_SHIPPED');
    expect(statusFromFos(fos('READY_FOR_PICKUP', 'RELEASED'))).toBe('READY_FOR_PICKUP');
    expect(statusFromFos(fos('COMPLETED', 'EXCEPTION'))).toBe('EXCEPTION');
    expect(statusFromFos(fos('CREATED'))).toBe('OPEN');
    // Some units of a fulfilled FO cancelled: the customer did not get everything.
    expect(statusFromFos([{ state: 'COMPLETED', lines: [{ cancelled: 1 }] }] as never)).toBe('PARTIALLY_CANCELLED');
  });

  it('does not depend on the order of the FOs, and the reference view agrees (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FO_STATES), { minLength: 1, maxLength: 5 }), fc.nat(), (states, shift) => {
        const rotated = [...states.slice(shift % states.length), ...states.slice(0, shift % states.length)];
        expect(statusFromFos(fos(...rotated))).toBe(statusFromFos(fos(...states)));
        expect(deriveStatus(fos(...states) as never)).toBe(statusFromFos(fos(...states)));
      }),
    );
  });

  it('reports an order whose status says something its FOs do not', () => {
    const order = { orderId: 'o1', status: 'CANCELLED', closed: true, fulfillmentOrders: [{ foId: 'FO-o1-1', state: 'COMPLETED', lines: [] }, { foId: 'FO-o1-2', state: 'CANCELLED', lines: [] }] } as unknown as OrderView;
    const { context } = checkContextOf({ orders: [order] });
    const [finding, ...rest] = atEnd(orderStatusChecker, context);
    expect(rest).toEqual([]);
    expect(finding?.detail).toBe('order shows CANCELLED, but its FOs (FO-o1-1 COMPLETED, FO-o1-2 CANCELLED) make it PARTIALLY_CANCELLED');
  });
});
