/** Consumer side of the POS contract: the orchestrator's real POS adapter against Pact's mock server. */
import './support/pact-env.ts';
import { NodeHttpPort } from './support/http-port.ts';
import { httpConsumerSuite } from './support/http-suites.ts';
import { POS_CASES, POS_CONSUMER, POS_PROVIDER, posAdapter } from './support/pos-contract.ts';

httpConsumerSuite({
  consumer: POS_CONSUMER,
  provider: POS_PROVIDER,
  cases: POS_CASES,
  adapter: (baseUrl, contractCase) => posAdapter(new NodeHttpPort(), baseUrl, contractCase.apiKey),
});
