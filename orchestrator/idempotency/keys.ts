/**
 * Idempotency keys for side effects: `<aggregate>:<operation>:<version>`, stable across retries
 * and restarts, so the receiver (or our own records) can tell a retry from a new request.
 */
export const keys = {
  holdCreate: (externalRef: string, attempt: number) => `${externalRef}:hold:${attempt}`,
  holdLookup: (externalRef: string) => `${externalRef}:lookup`,
  holdPick: (externalRef: string, attempt: number) => `${externalRef}:pick:${attempt}`,
  holdRelease: (externalRef: string, attempt: number) => `${externalRef}:release:${attempt}`,
  storeSync: (storeId: string, cursor: number) => `${storeId}:changes:${cursor}`,
  storeInventory: (storeId: string, dayMs: number) => `${storeId}:inventory:${dayMs}`,
  inboundDocument: (source: string, docType: string, controlNumber: number) => `${source}:${docType}:${controlNumber}`,
} as const;
