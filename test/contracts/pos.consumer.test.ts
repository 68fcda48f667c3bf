/**
 * Consumer side of the POS contract: the orchestrator's real POS adapter against Pact's mock
 * server. Writes the pact into a temporary folder and, last, compares it with contracts/pacts/.
 */
import { PACT_LOG_LEVEL } from './support/pact-env.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { PactV4 } from '@pact-foundation/pact';
import { declareHttpCase } from './support/http-contract.ts';
import { FetchHttpPort } from './support/http-port.ts';
import { compareWithCommitted, describeComparison, temporaryPactDir } from './support/pact-files.ts';
import { POS_CASES, POS_CONSUMER, POS_PROVIDER, posAdapter } from './support/pos-contract.ts';

const pactDir = temporaryPactDir('pos');
const pact = new PactV4({ consumer: POS_CONSUMER, provider: POS_PROVIDER, dir: pactDir.dir, logLevel: PACT_LOG_LEVEL });

afterAll(() => pactDir.dispose());

describe(`${POS_CONSUMER} -> ${POS_PROVIDER}`, () => {
  for (const contractCase of POS_CASES) {
    it(`${contractCase.description} (given ${contractCase.state})`, async () => {
      await declareHttpCase(pact, contractCase).executeTest(async (mockServer) => {
        await contractCase.run(posAdapter(new FetchHttpPort(), mockServer.url, contractCase.apiKey));
      });
    });
  }

  it('generates the committed pact', () => {
    const comparison = compareWithCommitted(pactDir.dir, POS_CONSUMER, POS_PROVIDER);
    expect(comparison.kind === 'same' || comparison.kind === 'updated', describeComparison(comparison)).toBe(true);
  });
});
