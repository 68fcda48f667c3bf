/**
 * Routing policy as data: an ordered list of rule names (docs/routing.md). A list is validated
 * once, into a `RoutingPolicy`, and an unknown or misplaced rule is an error that names it.
 */

/** Every rule the router knows. */
export const ROUTING_RULES = ['pickup-store-only', 'single-node-first', 'split-by-line', 'cost-rank'] as const;

export type RoutingRule = (typeof ROUTING_RULES)[number];

/** Strategies build a plan; they run in list order and the first that decides wins. */
export type RoutingStrategy = 'single-node-first' | 'split-by-line';

/**
 * Today's behaviour exactly: pickup at the chosen store only, one node for every line if any
 * node can, else line by line; candidates in config order, `costRank` (when set) first.
 */
export const DEFAULT_ROUTING_RULES: readonly RoutingRule[] = ['pickup-store-only', 'single-node-first', 'split-by-line', 'cost-rank'];

export interface RoutingConfig {
  rules: readonly RoutingRule[];
}

/** A validated rule list, in the shape the router uses. */
export interface RoutingPolicy {
  readonly rules: readonly RoutingRule[];
  readonly strategies: readonly RoutingStrategy[];
  /** Order candidates by `NodeSpec.costRank` (lower first; unranked nodes last; ties keep config order). */
  readonly costRank: boolean;
}

export const DEFAULT_ROUTING_POLICY: RoutingPolicy = {
  rules: DEFAULT_ROUTING_RULES,
  strategies: ['single-node-first', 'split-by-line'],
  costRank: true,
};

/** A routing config the orchestrator cannot run with: distinct from the caller's own errors. */
export class RoutingConfigError extends Error {
  override readonly name = 'RoutingConfigError';
}

const KNOWN: ReadonlySet<string> = new Set(ROUTING_RULES);

function isRule(name: string): name is RoutingRule {
  return KNOWN.has(name);
}

/**
 * Validates a rule list (absent: the default). Rejected, with the offending rule named: an
 * unknown name, a repeat, a list without `pickup-store-only` (the customer chose the store; the
 * model has no consent to substitute) or without any strategy, and a strategy after
 * `split-by-line` (which always decides, so it would never run).
 */
export function compileRoutingPolicy(config: { rules: readonly string[] } | undefined): RoutingPolicy {
  if (config === undefined) return DEFAULT_ROUTING_POLICY;
  if (!Array.isArray(config.rules)) throw new RoutingConfigError(`routing.rules: expected an array of rule names (${ROUTING_RULES.join(', ')}), got ${JSON.stringify(config.rules)}`);
  const seen = new Set<string>();
  const strategies: RoutingStrategy[] = [];
  for (const [index, name] of config.rules.entries()) {
    const where = `routing.rules[${index}]`;
    if (typeof name !== 'string' || !isRule(name)) throw new RoutingConfigError(`${where}: unknown routing rule ${JSON.stringify(name)}; expected one of ${ROUTING_RULES.join(', ')}`);
    if (seen.has(name)) throw new RoutingConfigError(`${where}: routing rule "${name}" is listed twice`);
    seen.add(name);
    if (name === 'single-node-first' || name === 'split-by-line') {
      if (strategies.includes('split-by-line')) throw new RoutingConfigError(`${where}: routing rule "${name}" comes after "split-by-line", which always decides, so it would never run`);
      strategies.push(name);
    }
  }
  if (!seen.has('pickup-store-only')) throw new RoutingConfigError(`routing.rules: "pickup-store-only" is required (a pickup order goes only to the store the customer chose); got ${JSON.stringify(config.rules)}`);
  if (strategies.length === 0) throw new RoutingConfigError(`routing.rules: needs "single-node-first" or "split-by-line" to build a plan; got ${JSON.stringify(config.rules)}`);
  return { rules: [...config.rules] as RoutingRule[], strategies, costRank: seen.has('cost-rank') };
}
