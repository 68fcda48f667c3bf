/**
 * A stock count that forgets units released to the WMS and not shipped: when a DC's snapshot
 * arrives, the orchestrator subtracts only the FOs still in its own release queue, so units in a
 * release file the WMS has not read (or has accepted and not shipped) count as free a second
 * time. With plenty of stock nothing shows (the WMS still has the units); where stock is scarce
 * the DC is promised units it does not have, down into its safety stock. Caught by
 * `routing.safety-stock-kept`.
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('released-units-counted-free', { releasedUnitsStayPromised: false });
