/**
 * The contracts have teeth: a deliberately broken adapter, or a drifted fake, fails the consumer
 * test or the provider verification. Each break is the smallest realistic one: a renamed JSON
 * field, a moved file column (with a valid trailer, so only the contract can notice).
 */
import { PACT_LOG_LEVEL } from './support/pact-env.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { PactV4, Verifier } from '@pact-foundation/pact';
import type { FakeExchange } from '../../legacy-fakes/http.ts';
import type { PosFake } from '../../legacy-fakes/pos/pos-fake.ts';
import { formatBatchFile, parseBatchFile } from '../../orchestrator/adapters/wms/batch-file.ts';
import type { HttpPort } from '../../orchestrator/ports.ts';
import { declareHttpCase } from './support/http-contract.ts';
import { NodeHttpPort } from './support/http-port.ts';
import { LiveFake } from './support/live-fake.ts';
import { MemoryFiles } from './support/memory-files.ts';
import { verifyMessages } from './support/message-suites.ts';
import { committedPactOrFail, temporaryPactDir } from './support/pact-files.ts';
import { POS_CASES, POS_CONSUMER, POS_PROVIDER, posAdapter, STORE_ID } from './support/pos-contract.ts';
import { posStateHandlers } from './support/pos-provider-world.ts';
import { RELEASE_CONSUMER, RELEASE_PROVIDER, releaseProvider } from './support/wms-release-contract.ts';

/** An adapter whose request body calls a field by another name (`quantity` -> `qty`). */
function renamingRequests(http: HttpPort, from: string, to: string): HttpPort {
  return {
    send: (request) => {
      if (typeof request.body !== 'object' || request.body === null || !(from in request.body)) return http.send(request);
      const { [from]: value, ...rest } = request.body as Record<string, unknown>;
      return http.send({ ...request, body: { ...rest, [to]: value } });
    },
  };
}

/** An adapter writer that puts the quantity before the SKU, and signs the result properly. */
class ColumnSwappingFiles extends MemoryFiles {
  override write(path: string, content: string): Promise<void> {
    const parsed = parseBatchFile(content);
    if (!parsed.ok) throw new Error(`the adapter wrote a file it cannot read back: ${parsed.message}`);
    const rows = parsed.doc.rows.map(([foId = '', lineNo = '', sku = '', quantity = '']) => [foId, lineNo, quantity, sku]);
    return super.write(path, formatBatchFile({ ...parsed.doc, rows }));
  }
}

/** A POS fake whose holds call `quantity` something else. */
function renamingResponses(exchange: FakeExchange, from: string, to: string): FakeExchange {
  if (exchange.kind !== 'answered') return exchange;
  const body = exchange.response.body;
  if (typeof body !== 'object' || body === null || !(from in body)) return exchange;
  const { [from]: value, ...rest } = body as Record<string, unknown>;
  return { ...exchange, response: { ...exchange.response, body: { ...rest, [to]: value } } };
}

const pactDir = temporaryPactDir('broken');
afterAll(() => pactDir.dispose());

describe('a broken adapter fails its contract', () => {
  it('the consumer test fails when the POS adapter renames quantity to qty in POST /holds', async () => {
    const holdCase = POS_CASES.find((candidate) => candidate.request.method === 'POST' && candidate.response.status === 201);
    if (holdCase === undefined) throw new Error('the POS contract has no hold creation case');
    const pact = new PactV4({ consumer: 'broken-pos-adapter', provider: POS_PROVIDER, dir: pactDir.dir, logLevel: PACT_LOG_LEVEL });
    const attempt = declareHttpCase(pact, holdCase).executeTest(async (mockServer) => {
      // No assertions of our own: whatever fails here is the mock server's verdict on the request.
      await posAdapter(renamingRequests(new NodeHttpPort(), 'quantity', 'qty'), mockServer.url).createHold({ externalRef: 'FO-o1-1:1', sku: 'SKU-A', quantity: 2, purpose: 'SHIP' }, 'FO-o1-1:1:hold');
    });
    await expect(attempt).rejects.toThrow(/received one with keys \[externalRef, purpose, qty, sku\]/);
  });

  it('the provider verification fails when the WMS adapter writes the quantity column before the SKU', async () => {
    const verification = verifyMessages({ consumer: RELEASE_CONSUMER, provider: RELEASE_PROVIDER, ...releaseProvider(() => new ColumnSwappingFiles()) });
    await expect(verification).rejects.toThrow(/"type":"BodyMismatch"/);
  });
});

describe('a drifted fake fails its provider verification', () => {
  it('the POS verification fails when the fake calls a hold quantity qty', async () => {
    const live = await LiveFake.start<PosFake>(STORE_ID, (fake, request) => renamingResponses(fake.exchange(STORE_ID, request), 'quantity', 'qty'));
    try {
      const verification = new Verifier({
        provider: POS_PROVIDER,
        providerBaseUrl: live.baseUrl,
        pactUrls: [committedPactOrFail(POS_CONSUMER, POS_PROVIDER)],
        stateHandlers: posStateHandlers(live),
        logLevel: PACT_LOG_LEVEL,
      }).verifyProvider();
      await expect(verification).rejects.toThrow(/quantity/);
    } finally {
      await live.stop();
    }
  });
});
