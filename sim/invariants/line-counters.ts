import type { InvariantChecker } from './types.ts';

/**
 * Per line, always: quantity = open + shipped + pickedUp + cancelled, none negative; a terminal
 * FO has nothing open; a COMPLETED FO shipped or handed over something; an order's lines add up over its FOs to what was ordered; nothing is
 * returned that was not shipped or picked up (incidents 17, 19).
 */
export const lineCountersChecker: InvariantChecker = {
  name: 'lines.counters-balance',
  atEndOrder(order, end, report) {
    const problems: string[] = [];
    for (const fo of order.fulfillmentOrders) {
      // Completed means goods reached the customer (or left for them): never an FO that delivered nothing.
      if (fo.state === 'COMPLETED' && fo.lines.every((line) => line.shipped + line.pickedUp === 0)) {
        problems.push(`${fo.foId} is COMPLETED but shipped and handed over nothing${fo.lines.length === 0 ? ' (it has no lines)' : ''}`);
      }
      for (const line of fo.lines) {
        const open = line.quantity - line.shipped - line.pickedUp - line.cancelled;
        if (line.shipped < 0 || line.pickedUp < 0 || line.cancelled < 0 || open < 0) problems.push(`${line.externalRef}: ${line.quantity} = open ${open} + shipped ${line.shipped} + picked up ${line.pickedUp} + cancelled ${line.cancelled} has a negative term`);
        else if (fo.terminal && open > 0) problems.push(`${line.externalRef}: ${fo.state} with ${open} units still open`);
      }
    }
    for (const line of order.lines ?? []) {
      const sum = line.open + line.shipped + line.pickedUp + line.cancelled;
      if (sum !== line.quantity) problems.push(`line ${line.lineNo}: ordered ${line.quantity}, but open ${line.open} + shipped ${line.shipped} + picked up ${line.pickedUp} + cancelled ${line.cancelled} = ${sum}`);
      if (line.returned > line.shipped + line.pickedUp) problems.push(`line ${line.lineNo}: ${line.returned} returned, only ${line.shipped + line.pickedUp} shipped or picked up`);
    }
    for (const problem of problems) report({ invariant: this.name, orderId: order.orderId, detail: problem, firstBadEvent: end.context.lastEventOf(order.orderId) });
  },
};
