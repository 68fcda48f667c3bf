import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FO_EVENTS, FO_INITIAL_STATE, FO_STATES, FO_TRANSITIONS, isTerminal, transition, type FoEvent, type FoState } from '../../orchestrator/model/fo-state-machine.ts';

function reachableFrom(start: FoState): Set<FoState> {
  const seen = new Set<FoState>([start]);
  const queue: FoState[] = [start];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const next of Object.values(FO_TRANSITIONS[state])) {
      if (next !== undefined && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

describe('the FO transition table', () => {
  it('has no unreachable state', () => {
    const reachable = reachableFrom(FO_INITIAL_STATE);
    expect(FO_STATES.filter((state) => !reachable.has(state))).toEqual([]);
  });

  it('has no transition out of a terminal state', () => {
    const terminal = FO_STATES.filter(isTerminal);
    expect(terminal).toEqual(['COMPLETED', 'CANCELLED']);
    for (const state of terminal) expect(FO_TRANSITIONS[state]).toEqual({});
  });

  it('lets every state reach a terminal state (nothing can get stuck by design)', () => {
    const stuck = FO_STATES.filter((state) => ![...reachableFrom(state)].some(isTerminal));
    expect(stuck).toEqual([]);
  });

  it('only names known states and events', () => {
    for (const state of FO_STATES) {
      for (const [event, next] of Object.entries(FO_TRANSITIONS[state])) {
        expect(FO_EVENTS).toContain(event);
        expect(FO_STATES).toContain(next);
      }
    }
  });

  it('never lets a cancel request reach SHIPPED or PICKED_UP without a cancel-rejected step (incident 4)', () => {
    expect(FO_TRANSITIONS.CANCEL_REQUESTED).toEqual({ confirm_cancel: 'CANCELLED', reject_cancel: 'CANCEL_REJECTED' });
  });
});

/** A model-based check: a tiny model (a set of allowed pairs) against `transition`, over random event walks. */
describe('transition()', () => {
  const allowed = new Map<string, FoState>();
  for (const state of FO_STATES) for (const [event, next] of Object.entries(FO_TRANSITIONS[state])) allowed.set(`${state}/${event}`, next as FoState);

  it('follows the table on any walk and refuses what the table does not list, without changing state', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<FoEvent>(...FO_EVENTS), { maxLength: 60 }), (events) => {
        let state: FoState = FO_INITIAL_STATE;
        for (const event of events) {
          const expected = allowed.get(`${state}/${event}`);
          const result = transition(state, event);
          if (expected === undefined) {
            expect(result.ok).toBe(false);
            if (!result.ok) expect(result.reason).toContain(state);
          } else {
            expect(result).toEqual({ ok: true, from: state, to: expected });
            state = expected;
          }
        }
        if (isTerminal(state)) expect(FO_EVENTS.every((event) => !transition(state, event).ok)).toBe(true);
      }),
    );
  });
});
