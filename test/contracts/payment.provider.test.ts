/** Provider side of the payment contract: the committed pact against the gateway fake behind the live server. */
import './support/pact-env.ts';
import { httpProviderSuite } from './support/http-suites.ts';
import { PAYMENT_CONSUMER, PAYMENT_PROVIDER } from './support/payment-contract.ts';
import { paymentStateHandlers, startPaymentProvider } from './support/payment-provider-world.ts';

httpProviderSuite({ consumer: PAYMENT_CONSUMER, provider: PAYMENT_PROVIDER, start: startPaymentProvider, stateHandlers: paymentStateHandlers });
