import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canApply, FO_EVENTS, FO_INITIAL_STATE, FO_STATES, FO_TRANSITIONS, isTerminal, statesAllowing, transition, type FoEvent, type FoState } from '../../orchestrator/model/fo-state-machine.ts';
import { NEW_FO, TABLE_DIVERGENCES, apply, domainAllows, expectation, stateOf, type FoModel } from './fo-lifecycle-model.ts';

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

/**
 * Model-based: the model (fo-lifecycle-model.ts) is a record of domain facts with hand-written
 * rules; it never reads FO_TRANSITIONS. Each command applies one event to `transition()` and to
 * the model: an allowed event must be accepted and land in the state the facts amount to; a
 * forbidden one must be refused, leaving the state as it was.
 */
type Real = { state: FoState };
type Model = { fo: FoModel };

/** Filled by the property below, read by the coverage test after it (same file, run in order). */
const seen = { states: new Set<FoState>(), divergences: new Set<string>() };

function step(model: Model, real: Real, event: FoEvent): void {
  const before = real.state;
  const expected = expectation(model.fo, event);
  const result = transition(before, event);
  const what = `${before} --${event}--> (${expected.because})`;
  expect(result.ok, `${what}: accepted?`).toBe(expected.accepts);
  if (result.ok) {
    model.fo = apply(model.fo, event);
    expect(result.from, `${what}: from`).toBe(before);
    expect(result.to, `${what}: lands where the model's facts say`).toBe(stateOf(model.fo));
    real.state = result.to;
  } else {
    expect(result.from, `${what}: refusal names the state it was in`).toBe(before);
    expect(result.reason, `${what}: refusal says why`).toContain(event);
    expect(stateOf(model.fo), `${what}: a refused event changes nothing`).toBe(real.state);
  }
  probeEveryEvent(model.fo, real.state);
}

/** Wherever a walk gets to, ask the table about every event (without moving) and hold it to the model. */
function probeEveryEvent(fo: FoModel, state: FoState): void {
  seen.states.add(state);
  for (const event of FO_EVENTS) {
    const expected = expectation(fo, event);
    if (expected.divergence !== null) seen.divergences.add(expected.divergence);
    const result = transition(state, event);
    const what = `${state} --${event}--> (probe; ${expected.because})`;
    expect(result.ok, `${what}: accepted?`).toBe(expected.accepts);
    if (result.ok) expect(result.to, `${what}: lands where the model's facts say`).toBe(stateOf(apply(fo, event)));
  }
}

/** Any event at all: mostly forbidden ones, which must be refused. */
class EventCommand implements fc.Command<Model, Real> {
  constructor(readonly event: FoEvent) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    step(model, real, this.event);
  }
  toString(): string {
    return this.event;
  }
}

/** One of the events the model expects to be accepted now, so walks get deep into the lifecycle. */
class ProgressCommand implements fc.Command<Model, Real> {
  constructor(readonly pick: number) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const accepted = FO_EVENTS.filter((event) => expectation(model.fo, event).accepts);
    const event = accepted[this.pick % Math.max(accepted.length, 1)];
    if (event === undefined) {
      // Nothing expected to be accepted: COMPLETED or CANCELLED. Check the table agrees.
      expect(FO_EVENTS.filter((e) => transition(real.state, e).ok), `${real.state}: nothing may happen`).toEqual([]);
      return;
    }
    step(model, real, event);
  }
  toString(): string {
    return `progress(${this.pick})`;
  }
}

// Mostly progress, so walks reach the pickup and cancel corners; the probes after every step ask
// about every event anyway, so arbitrary events only add refusals mid-walk.
const anyEvent = fc.constantFrom(...FO_EVENTS).map((event): fc.Command<Model, Real> => new EventCommand(event));
const progress = fc.nat({ max: 63 }).map((pick): fc.Command<Model, Real> => new ProgressCommand(pick));
const commands = fc.commands([fc.oneof({ arbitrary: progress, weight: 4 }, { arbitrary: anyEvent, weight: 1 })], {
  // Full-length walks: at the default size most walks stop after a few steps.
  maxCommands: 60,
  size: 'max',
});

describe('transition() against an independent model of the FO lifecycle', () => {
  it('accepts what the domain allows, lands where the model says, and refuses the rest without moving', () => {
    fc.assert(
      fc.property(commands, (cmds) => {
        fc.modelRun(() => ({ model: { fo: NEW_FO }, real: { state: FO_INITIAL_STATE } }), cmds);
      }),
      { numRuns: 300 },
    );
  });

  it('explored every state and every documented divergence (the walks are not too shallow)', () => {
    expect(FO_STATES.filter((state) => !seen.states.has(state))).toEqual([]);
    expect(TABLE_DIVERGENCES.map((d) => d.id).filter((id) => !seen.divergences.has(id))).toEqual([]);
  });

  it('starts the model where the table starts', () => {
    expect(stateOf(NEW_FO)).toBe(FO_INITIAL_STATE);
  });
});

/** Walks `events` through the table, failing if any step is refused; returns the state reached. */
function tableWalk(events: readonly FoEvent[]): FoState {
  let state = FO_INITIAL_STATE;
  for (const event of events) {
    const result = transition(state, event);
    if (!result.ok) throw new Error(`table refused ${event} in ${state} on the way`);
    state = result.to;
  }
  return state;
}

/** Walks `events` through the model (domain rules plus the documented divergences), failing if any step is not expected. */
function modelWalk(events: readonly FoEvent[]): FoModel {
  let fo = NEW_FO;
  for (const event of events) {
    if (!expectation(fo, event).accepts) throw new Error(`the model expects ${event} refused in ${stateOf(fo)} on the way`);
    fo = apply(fo, event);
  }
  return fo;
}

/**
 * Where the table disagrees with the domain: a legal path, then one last event the table and the
 * domain answer differently. These pin the current (wrong) table behaviour; when FO_TRANSITIONS is
 * fixed they fail, and the entry in TABLE_DIVERGENCES goes with them.
 */
const TO_READY: FoEvent[] = ['route', 'allocate', 'release', 'acknowledge', 'ready'];
const WITNESSES: { name: string; divergence: string; path: FoEvent[]; last: FoEvent; table: FoState | 'refused' }[] = [
  {
    name: 'a cancel is refused as "too late" before the FO reached any node',
    divergence: 'cancel-refused-before-release',
    path: ['route', 'allocate', 'request_cancel'],
    last: 'reject_cancel',
    table: 'CANCEL_REJECTED',
  },
  {
    name: 'an FO never released ships after a refused cancel',
    divergence: 'cancel-rejected-forgets-progress',
    path: ['route', 'allocate', 'request_cancel', 'reject_cancel'],
    last: 'ship',
    table: 'SHIPPED',
  },
  {
    name: 'an FO never made ready is picked up after a refused cancel',
    divergence: 'cancel-rejected-forgets-progress',
    path: ['route', 'allocate', 'release', 'request_cancel', 'reject_cancel'],
    last: 'pickup',
    table: 'PICKED_UP',
  },
  {
    name: 'a ready pickup hold is shipped after a refused cancel',
    divergence: 'cancel-rejected-forgets-progress',
    path: [...TO_READY, 'request_cancel', 'reject_cancel'],
    last: 'ship',
    table: 'SHIPPED',
  },
  {
    name: 'a ready pickup hold goes back to ACKNOWLEDGED after a refused cancel',
    divergence: 'cancel-rejected-forgets-progress',
    path: [...TO_READY, 'request_cancel', 'reject_cancel'],
    last: 'acknowledge',
    table: 'ACKNOWLEDGED',
  },
  {
    name: 'a ready pickup hold whose cancel was refused can no longer expire (incident 15)',
    divergence: 'cancel-rejected-forgets-progress',
    path: [...TO_READY, 'request_cancel', 'reject_cancel'],
    last: 'expire',
    table: 'refused',
  },
  {
    name: 'an FO escalated while routing "settles" by a shipment from no node',
    divergence: 'exception-forgets-history',
    path: ['route', 'escalate'],
    last: 'ship',
    table: 'SHIPPED',
  },
  {
    name: 'an FO escalated after its node rejected it ships before being re-allocated (incident 13)',
    divergence: 'exception-forgets-history',
    path: ['route', 'allocate', 'release', 'reject', 'escalate'],
    last: 'ship',
    table: 'SHIPPED',
  },
  {
    name: 'an escalated FO in progress at a node is cancelled without asking the node (incident 5)',
    divergence: 'exception-forgets-history',
    path: ['route', 'allocate', 'release', 'acknowledge', 'start', 'escalate'],
    last: 'cancel',
    table: 'CANCELLED',
  },
  {
    name: 'an oversold ready hold cannot be rejected for re-routing (incident 14)',
    divergence: 'ready-hold-cannot-be-lost',
    path: TO_READY,
    last: 'reject',
    table: 'refused',
  },
  {
    name: 'an oversold ready hold cannot be escalated (incident 14)',
    divergence: 'ready-hold-cannot-be-lost',
    path: TO_READY,
    last: 'escalate',
    table: 'refused',
  },
];

describe('known disagreements between FO_TRANSITIONS and the domain (bugs to fix in the table)', () => {
  it.each(WITNESSES)('$name', ({ divergence, path, last, table }) => {
    const fo = modelWalk(path);
    const state = tableWalk(path);
    expect(state, 'the table and the model agree on the way there').toBe(stateOf(fo));
    const result = transition(state, last);
    expect(result.ok ? result.to : 'refused', 'what the table does today').toBe(table);
    expect(domainAllows(fo, last), 'the domain says the opposite').toBe(table === 'refused');
    expect(expectation(fo, last).divergence, 'and the model test knows it as').toBe(divergence);
  });
});

describe('canApply and statesAllowing: the table as the flows ask it', () => {
  it('canApply says what transition does, for every state and event', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FO_STATES), fc.constantFrom(...FO_EVENTS), (state, event) => {
        expect(canApply(state, event)).toBe(transition(state, event).ok);
      }),
    );
  });

  it('statesAllowing is exactly the states the event applies in, less the named exceptions', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FO_EVENTS), fc.func(fc.boolean()), (event, pick) => {
        // Against transition(), which the flows do not call: an independent reading of the table.
        const allowed = FO_STATES.filter((state) => transition(state, event).ok);
        const except = allowed.filter((state) => pick(state));
        expect([...statesAllowing(event, except)].sort()).toEqual(allowed.filter((state) => !except.includes(state)).sort());
      }),
    );
  });

  it('refuses to except a state the event never applies in (a stale exclusion would hide a table change)', () => {
    expect(() => statesAllowing('ship', ['CREATED'])).toThrow(/CREATED is not a state "ship" applies in/);
    expect([...statesAllowing('acknowledge')].sort()).toEqual(['CANCEL_REJECTED', 'EXCEPTION', 'RELEASED']);
  });
});
