/**
 * How one ship wave's lines leave the building: how many units of each line ship (a short ship
 * cancels the rest) and in which shipment. Normally one shipment per FO; a split FO leaves in
 * two, cut at a unit boundary, so the line that straddles the cut appears under both shipment ids.
 */
import type { WmsQuirkDice } from './wms-quirk-dice.ts';

export interface WaveLine {
  foId: string;
  lineNo: number;
  sku: string;
  quantity: number;
}

export interface PlannedRow {
  /** Index into the wave's lines. */
  lineIndex: number;
  shipmentId: string;
  quantity: number;
}

export interface WavePlan {
  /** Units shipped per line, by index; less than the line's quantity for a short ship. */
  shipped: number[];
  /** SHIPCONF rows in line order; a split line has two. */
  rows: PlannedRow[];
}

function shippedUnits(line: WaveLine, dice: WmsQuirkDice): number {
  if (!dice.fires('short_ship')) return line.quantity;
  const shipped = dice.between('short_ship', 0, line.quantity - 1);
  dice.fired('short_ship', `${line.foId}:${line.lineNo}`, `${line.sku} shipped ${shipped} of ${line.quantity}, ${line.quantity - shipped} cancelled`);
  return shipped;
}

/** Units of each FO that go in its first shipment; Infinity when the FO is not split. */
function splitPoints(lines: readonly WaveLine[], shipped: readonly number[], dice: WmsQuirkDice): Map<string, number> {
  const units = new Map<string, number>();
  lines.forEach((line, index) => units.set(line.foId, (units.get(line.foId) ?? 0) + (shipped[index] ?? 0)));
  const cuts = new Map<string, number>();
  for (const [foId, total] of units) {
    // Drawn in full for every FO, whatever short ships left of it, so other quirks never move a split.
    const cut = dice.fires('split_shipment') ? dice.between('split_shipment', 1, Math.max(1, total - 1)) : undefined;
    // One unit cannot be split: a split that cannot happen is not counted.
    if (cut === undefined || total < 2) {
      cuts.set(foId, Number.POSITIVE_INFINITY);
      continue;
    }
    dice.fired('split_shipment', foId, `${foId} ships ${cut} then ${total - cut} of ${total} units`);
    cuts.set(foId, cut);
  }
  return cuts;
}

export function planWave(lines: readonly WaveLine[], dice: WmsQuirkDice, newShipmentId: () => string): WavePlan {
  const shipped = lines.map((line) => shippedUnits(line, dice));
  const cuts = splitPoints(lines, shipped, dice);
  // Shipment ids are handed out on first use, in line order, as a packing station would.
  const shipmentIds = new Map<string, [string | undefined, string | undefined]>();
  const unitsSoFar = new Map<string, number>();
  const rows: PlannedRow[] = [];
  const idFor = (foId: string, part: 0 | 1): string => {
    const ids = shipmentIds.get(foId) ?? [undefined, undefined];
    const id = ids[part] ?? newShipmentId();
    ids[part] = id;
    shipmentIds.set(foId, ids);
    return id;
  };
  lines.forEach((line, lineIndex) => {
    const units = shipped[lineIndex] ?? 0;
    const before = unitsSoFar.get(line.foId) ?? 0;
    const cut = cuts.get(line.foId) ?? Number.POSITIVE_INFINITY;
    unitsSoFar.set(line.foId, before + units);
    if (units === 0) {
      // Nothing left the building, but the row tells the reader the line is closed at 0.
      rows.push({ lineIndex, shipmentId: idFor(line.foId, before < cut ? 0 : 1), quantity: 0 });
      return;
    }
    const first = Math.max(0, Math.min(units, cut - before));
    if (first > 0) rows.push({ lineIndex, shipmentId: idFor(line.foId, 0), quantity: first });
    if (units - first > 0) rows.push({ lineIndex, shipmentId: idFor(line.foId, 1), quantity: units - first });
  });
  return { shipped, rows };
}
