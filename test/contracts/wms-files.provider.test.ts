/** Provider side of the WMS outbound files: the committed pact against files the WMS fake's writer produces. */
import './support/pact-env.ts';
import { messageProviderSuite } from './support/message-suites.ts';
import { WMS_FILES_CONSUMER, WMS_FILES_PROVIDER } from './support/wms-files-contract.ts';
import { WmsFilesProvider } from './support/wms-files-provider.ts';

const provider = new WmsFilesProvider();
messageProviderSuite({ consumer: WMS_FILES_CONSUMER, provider: WMS_FILES_PROVIDER, stateHandlers: provider.stateHandlers, files: provider.files });
