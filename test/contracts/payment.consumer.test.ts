/** Consumer side of the payment contract: the orchestrator's real payment adapter against Pact's mock server. */
import './support/pact-env.ts';
import { NodeHttpPort } from './support/http-port.ts';
import { httpConsumerSuite } from './support/http-suites.ts';
import { PAYMENT_CASES, PAYMENT_CONSUMER, PAYMENT_PROVIDER, paymentAdapter } from './support/payment-contract.ts';

httpConsumerSuite({ consumer: PAYMENT_CONSUMER, provider: PAYMENT_PROVIDER, cases: PAYMENT_CASES, adapter: (baseUrl) => paymentAdapter(new NodeHttpPort(), baseUrl) });
