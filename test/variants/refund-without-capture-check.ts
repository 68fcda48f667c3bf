/**
 * Incident 19: a return is refunded without checking what was captured: the whole amount is
 * asked of the order's first capture, whatever it took and whatever earlier returns took from it,
 * and even while the FO's own capture is still outstanding. Caught by `money.refunds-match-returns`.
 */
import type { RefundPlanner } from '../../orchestrator/reference/parts.ts';
import { brokenPart } from './broken-plugin.ts';

const refundFromFirstCapture: RefundPlanner = ({ captures, amountCents }) => (captures[0] === undefined ? [] : [{ captureId: captures[0].captureId, amountCents }]);

export default brokenPart('refund-without-capture-check', { planRefund: refundFromFirstCapture });
