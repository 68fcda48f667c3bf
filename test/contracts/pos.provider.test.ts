/** Provider side of the POS contract: the committed pact against the POS fake behind the live server. */
import './support/pact-env.ts';
import { httpProviderSuite } from './support/http-suites.ts';
import { POS_CONSUMER, POS_PROVIDER } from './support/pos-contract.ts';
import { posStateHandlers, startPosProvider } from './support/pos-provider-world.ts';

httpProviderSuite({ consumer: POS_CONSUMER, provider: POS_PROVIDER, start: startPosProvider, stateHandlers: posStateHandlers });
