import { describe, expect, it } from 'vitest';
import { parseHoldJournal } from '../../orchestrator/adapters/pos/pos-records.ts';

const good = { holdId: 'H1', externalRef: 'FO-1:1', sku: 'SKU-1', quantity: 1, purpose: 'PICKUP', status: 'HELD', seq: 4, updatedLocal: '2026-11-05T10:00:00' };

describe('POS journal parsing, entry by entry', () => {
  it('keeps the readable entries and sets the unreadable ones apart with their reason and references', () => {
    const parsed = parseHoldJournal({ holds: [good, { ...good, holdId: 'H2', externalRef: 'FO-2:1', status: 'EXPLODED' }, 7], cursor: 9 }, 'Europe/Berlin');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.holds.map((hold) => hold.holdId)).toEqual(['H1']);
    expect(parsed.value.unreadable).toHaveLength(2);
    expect(parsed.value.unreadable[0]).toMatchObject({ holdId: 'H2', externalRef: 'FO-2:1' });
    expect(parsed.value.unreadable[0]?.message).toContain('EXPLODED');
    expect(parsed.value.unreadable[1]).toMatchObject({ holdId: '', externalRef: '', raw: '7' });
  });

  it('fails the whole answer only when there is no holds list', () => {
    expect(parseHoldJournal({ error: 'busy' }, 'Europe/Berlin').ok).toBe(false);
  });
});
