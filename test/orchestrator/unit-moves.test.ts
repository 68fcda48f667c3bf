import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FoLine } from '../../orchestrator/model/types.ts';
import { unitMoves, type UnitCounter } from '../../orchestrator/model/unit-moves.ts';

const line = (lineNo: number, shipped = 0, pickedUp = 0, cancelled = 0): FoLine => ({ lineNo, sku: `SKU-${lineNo}`, quantity: 5, unitPriceCents: 100, shipped, pickedUp, cancelled, holdId: null, externalStatus: '' });

const lines = fc.uniqueArray(fc.record({ lineNo: fc.integer({ min: 1, max: 6 }), shipped: fc.nat(4), pickedUp: fc.nat(4), cancelled: fc.nat(4) }), { selector: (l) => l.lineNo, maxLength: 5 }).map((rows) => rows.map((r) => line(r.lineNo, r.shipped, r.pickedUp, r.cancelled)));

/** The documented meaning, written the slow way: per counter, per line number ascending, `<lineNo>x<after - before>` where it moved. */
function movesAsDocumented(before: readonly FoLine[], after: readonly FoLine[]): Partial<Record<UnitCounter, string>> {
  const moves: Partial<Record<UnitCounter, string>> = {};
  const lineNos = [...new Set([...before, ...after].map((l) => l.lineNo))].sort((a, b) => a - b);
  for (const counter of ['shipped', 'pickedUp', 'cancelled'] as const) {
    const parts = lineNos.flatMap((lineNo) => {
      const delta = (after.find((l) => l.lineNo === lineNo)?.[counter] ?? 0) - (before.find((l) => l.lineNo === lineNo)?.[counter] ?? 0);
      return delta === 0 ? [] : [`${lineNo}x${delta}`];
    });
    if (parts.length > 0) moves[counter] = parts.join(' ');
  }
  return moves;
}

describe('unitMoves', () => {
  it('reports each counter that moved, per line in line order, signed', () => {
    expect(unitMoves([line(2), line(1, 1)], [line(1, 3), line(2, 0, 0, 2)])).toEqual({ shipped: '1x2', cancelled: '2x2' });
    expect(unitMoves([line(1, 2), line(3, 0, 1)], [])).toEqual({ shipped: '1x-2', pickedUp: '3x-1' });
  });

  it('reports nothing when the lines are the same array or did not move', () => {
    const same = [line(1, 1)];
    expect(unitMoves(same, same)).toEqual({});
    expect(unitMoves([line(1, 1)], [line(1, 1)])).toEqual({});
  });

  it('agrees with the documented meaning for any two sets of lines', () => {
    fc.assert(fc.property(lines, lines, (before, after) => {
      expect(unitMoves(before, after)).toEqual(movesAsDocumented(before, after));
    }));
  });
});
