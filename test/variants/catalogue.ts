/**
 * Deliberately broken orchestrators the gate must catch, each with the named scenario and the
 * checker that catches it (docs/variants.md). Modules are paths from the repository root, as
 * `--orchestrator` takes them.
 */
export interface BrokenVariant {
  /** Path relative to the repository root; its default export is an OrchestratorPlugin. */
  module: string;
  /** The named scenario (scenarios/<name>.json) that catches it. */
  scenario: string;
  /** The checker whose violation names the bug. */
  invariant: string;
}

export const BROKEN_VARIANTS: readonly BrokenVariant[] = [
  { module: 'test/variants/no-lookup-after-pos-timeout.ts', scenario: 'pos-timeouts', invariant: 'idempotency.one-live-hold-per-line-and-node' },
  { module: 'test/variants/ack-before-persisting-idempotency.ts', scenario: 'crash-restart', invariant: 'idempotency.command-applied-once' },
  { module: 'test/variants/no-wms-inbox-dedupe.ts', scenario: 'wms-late-and-duplicate-files', invariant: 'inbox.shipment-applied-once' },
  { module: 'test/variants/refund-without-capture-check.ts', scenario: 'holiday-spike', invariant: 'money.refunds-match-returns' },
  { module: 'test/variants/cancel-racing-pickup-ignored.ts', scenario: 'customer-actions', invariant: 'cancel.cancelled-units-never-shipped' },
  { module: 'test/variants/lost-release-never-resent.ts', scenario: 'wms-late-and-duplicate-files', invariant: 'lifecycle.every-order-terminal-or-excepted' },
  { module: 'test/variants/snapshot-as-of-ignored.ts', scenario: 'wms-late-and-duplicate-files', invariant: 'inventory.snapshot-as-of-is-the-owners' },
  { module: 'test/variants/time-zones-not-normalised.ts', scenario: 'baseline', invariant: 'inventory.snapshot-as-of-is-the-owners' },
  { module: 'test/variants/park-every-order.ts', scenario: 'baseline', invariant: 'exceptions.parked-for-a-real-cause' },
  { module: 'test/variants/park-on-first-timeout.ts', scenario: 'pos-timeouts', invariant: 'exceptions.parked-for-a-real-cause' },
  { module: 'test/variants/never-reroute-after-outage.ts', scenario: 'store-outage', invariant: 'exceptions.parked-for-a-real-cause' },
  { module: 'test/variants/double-hold-then-park.ts', scenario: 'pos-timeouts', invariant: 'idempotency.one-live-hold-per-line-and-node' },
];
