/**
 * An outage that outlasts the retry budget: FOs parked because a store did not answer are retried
 * for a week, then left for a person for good, even once the store answers again. Every outage
 * shorter than a week heals as usual; a store offline for eight days comes back to pickups still
 * parked SYSTEM_UNREACHABLE that a retry would now place. Caught by
 * `exceptions.parked-for-a-real-cause` (the store is online at the end).
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('gives-up-on-silent-store-after-a-week', { retryPastTheWeekWhenBack: false });
