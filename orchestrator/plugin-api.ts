/**
 * The orchestrator plugin API, version 1 (`PLUGIN_API_VERSION`): the one entry a plugin author
 * imports from (`converge/plugin`). Everything a plugin receives (ports, config) and returns
 * (orchestrator, views, command results) is declared here or re-exported from here;
 * docs/plugins.md explains each part.
 */
export * from './plugin.ts';
export type * from './ports.ts';
export type { FoState } from './model/fo-state-machine.ts';
export type { CustomerTier, Delivery, FulfillmentMethod, NodeKind } from './model/types.ts';
export type { RoutingConfig } from './routing/routing-rules.ts';
