/**
 * A checker's own state for one run (keyed by the run's CheckContext) or one end-of-run pass
 * (keyed by its EndOfRun), made on first use. Checkers are shared objects; their state is not,
 * so two runs in one process (the gate's workers, tests) never see each other's.
 */
export function stateKeyedBy<Key extends object, State>(create: () => State): (key: Key) => State {
  const states = new WeakMap<Key, State>();
  return (key) => {
    let state = states.get(key);
    if (state === undefined) {
      state = create();
      states.set(key, state);
    }
    return state;
  };
}
