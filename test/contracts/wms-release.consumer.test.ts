/** Consumer side of release files: the WMS fake's reader takes the release file the pact describes. */
import './support/pact-env.ts';
import { messageConsumerSuite } from './support/message-suites.ts';
import { RELEASE_CASES, RELEASE_CONSUMER, RELEASE_PROVIDER } from './support/wms-release-contract.ts';

messageConsumerSuite({ consumer: RELEASE_CONSUMER, provider: RELEASE_PROVIDER, cases: RELEASE_CASES });
