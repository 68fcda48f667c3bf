/** Provider side of release files: the committed pact against files the orchestrator's WMS adapter writes. */
import './support/pact-env.ts';
import { messageProviderSuite } from './support/message-suites.ts';
import { RELEASE_CONSUMER, RELEASE_PROVIDER, releaseProvider } from './support/wms-release-contract.ts';

messageProviderSuite({ consumer: RELEASE_CONSUMER, provider: RELEASE_PROVIDER, ...releaseProvider() });
