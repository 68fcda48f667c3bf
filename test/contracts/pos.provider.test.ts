/**
 * Provider side of the POS contract: the committed pact replayed against the POS fake behind the
 * live HTTP server, each provider state setting the fake up from scratch.
 */
import { PACT_LOG_LEVEL } from './support/pact-env.ts';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { Verifier } from '@pact-foundation/pact';
import { committedPactOrFail } from './support/pact-files.ts';
import { POS_CONSUMER, POS_PROVIDER } from './support/pos-contract.ts';
import { PosProviderWorld } from './support/pos-provider-world.ts';

let world: PosProviderWorld;

beforeAll(async () => {
  world = await PosProviderWorld.start();
});

afterAll(async () => {
  await world.stop();
});

describe(`${POS_PROVIDER} honours ${POS_CONSUMER}`, () => {
  it('verifies every interaction of the committed pact against the live POS server', async () => {
    await new Verifier({
      provider: POS_PROVIDER,
      providerBaseUrl: world.baseUrl,
      pactUrls: [committedPactOrFail(POS_CONSUMER, POS_PROVIDER)],
      stateHandlers: world.stateHandlers(),
      logLevel: PACT_LOG_LEVEL,
    }).verifyProvider();
  });
});
