/** Consumer side of the WMS outbound files: the orchestrator's WMS adapter parses ACK, SHIPCONF and SNAPSHOT files. */
import './support/pact-env.ts';
import { messageConsumerSuite } from './support/message-suites.ts';
import { WMS_FILE_CASES, WMS_FILES_CONSUMER, WMS_FILES_PROVIDER } from './support/wms-files-contract.ts';

messageConsumerSuite({ consumer: WMS_FILES_CONSUMER, provider: WMS_FILES_PROVIDER, cases: WMS_FILE_CASES });
