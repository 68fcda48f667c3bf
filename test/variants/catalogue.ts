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
  /** `--orders`: another order count than the scenario's (a bug that shows at any size, on a run that must be short). */
  orders?: number;
  /** `--crash-every <n> --torn`: power lost after every n-th store write (a bug that only shows when a step is torn on a count). */
  tornEveryWrites?: number;
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
  { module: 'test/variants/routing-ignores-safety-stock.ts', scenario: 'scarce-stock', invariant: 'routing.safety-stock-kept' },
  { module: 'test/variants/pickup-substitutes-another-store.ts', scenario: 'store-outage', invariant: 'routing.node-offers-the-delivery' },
  { module: 'test/variants/promise-date-in-utc.ts', scenario: 'baseline', invariant: 'routing.promise-date-per-node-day' },
  { module: 'test/variants/pickup-expires-after-a-day.ts', scenario: 'customer-actions', invariant: 'pickup.window-not-cut-short' },
  { module: 'test/variants/backorder-deadline-is-the-retry-interval.ts', scenario: 'store-outage', invariant: 'backorder.decided-at-its-deadline' },
  { module: 'test/variants/reroute-forgets-refusals.ts', scenario: 'partial-failures', invariant: 'routing.refusing-node-not-asked-again' },
  { module: 'test/variants/outbox-relay-newest-first.ts', scenario: 'baseline', invariant: 'events.per-aggregate-sequence' },
  { module: 'test/variants/outbox-send-counted-as-done.ts', scenario: 'crash-restart', invariant: 'events.per-aggregate-sequence' },
  { module: 'test/variants/cancel-announces-whole-line.ts', scenario: 'customer-actions', invariant: 'events.consumer-view-matches' },
  { module: 'test/variants/capture-retried-under-fresh-key.ts', scenario: 'payment-trouble', invariant: 'money.one-key-per-intent' },
  { module: 'test/variants/lost-capture-not-looked-for.ts', scenario: 'lost-capture-answers', invariant: 'money.settlement-balances' },
  { module: 'test/variants/void-on-cancel-and-close.ts', scenario: 'customer-actions', invariant: 'money.one-key-per-intent' },
  { module: 'test/variants/place-order-deduped-by-key-only.ts', scenario: 'duplicate-storm', invariant: 'idempotency.command-applied-once' },
  { module: 'test/variants/wms-inbox-forgets-after-a-day.ts', scenario: 'duplicate-storm', invariant: 'inbox.shipment-applied-once' },
  { module: 'test/variants/released-units-counted-free.ts', scenario: 'scarce-stock', invariant: 'routing.safety-stock-kept' },
  { module: 'test/variants/gives-up-on-silent-store-after-a-week.ts', scenario: 'long-outages', invariant: 'exceptions.parked-for-a-real-cause' },
  { module: 'test/variants/capacity-overbooked.ts', scenario: 'scarce-stock', invariant: 'routing.capacity-per-local-day' },
  { module: 'test/variants/overdue-confirmation-never-chased.ts', scenario: 'wms-late-and-duplicate-files', invariant: 'lifecycle.every-order-terminal-or-excepted' },
  { module: 'test/variants/key-remembers-no-request.ts', scenario: 'duplicate-storm', invariant: 'commands.key-rules' },
  { module: 'test/variants/refused-request-keeps-its-key.ts', scenario: 'duplicate-storm', invariant: 'commands.key-rules' },
  { module: 'test/variants/publish-before-outbox.ts', scenario: 'crash-restart', invariant: 'events.per-aggregate-sequence' },
  { module: 'test/variants/inbox-recorded-after-commit.ts', scenario: 'crash-restart', invariant: 'inbox.shipment-applied-once' },
  { module: 'test/variants/store-write-behind.ts', scenario: 'crash-restart', invariant: 'idempotency.one-live-hold-per-line-and-node' },
  { module: 'test/variants/lost-ack-waits-silently.ts', scenario: 'long-outages', invariant: 'lifecycle.no-silent-stall' },
  { module: 'test/variants/dead-letter-kept-after-good-copy.ts', scenario: 'wms-late-and-duplicate-files', invariant: 'dead-letters.listed-until-settled' },
  { module: 'test/variants/cancel-key-ignores-lines.ts', scenario: 'customer-actions', invariant: 'commands.key-rules' },
  { module: 'test/variants/orphan-holds-never-released.ts', scenario: 'duplicate-storm', invariant: 'convergence.view-matches-owners' },
  { module: 'test/variants/empty-wave-completes-fo.ts', scenario: 'partial-failures', invariant: 'lines.counters-balance' },
  { module: 'test/variants/reauthorise-whole-order.ts', scenario: 'partial-failures', invariant: 'money.authorisation-within-what-is-owed' },
  { module: 'test/variants/hold-id-kept-when-fo-moves.ts', scenario: 'holiday-spike', invariant: 'pos.requests-name-issued-holds' },
  { module: 'test/variants/inbound-batch-in-one-transaction.ts', scenario: 'holiday-spike', invariant: 'pickup.expires-unless-collected', orders: 150, tornEveryWrites: 400 },
];
