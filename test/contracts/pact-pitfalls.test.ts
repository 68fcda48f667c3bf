/**
 * The pact-js pitfalls the contracts work around, checked on the installed version
 * (@pact-foundation/pact 16.5.0). Each test asserts the pitfall is still there: when an upgrade
 * fixes one, its test fails, and docs/contracts.md and the workaround can go.
 */
import { PACT_LOG_LEVEL } from './support/pact-env.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MessageConsumerPact, PactV4, Verifier } from '@pact-foundation/pact';
import { CSV, exampleFile } from './support/batch-file-messages.ts';
import { nulTerminated } from './support/message-suites.ts';
import { pactFileName, temporaryPactDir } from './support/pact-files.ts';

const EXAMPLE = exampleFile('SNAPSHOT_DC1_00000001.csv', 'H,SNAPSHOT,1,DC1,2026-11-27T23:45:00,2026-11-27T23:45:00', ['D,SKU-1,10']);

const pactDir = temporaryPactDir('pitfalls');
afterAll(() => pactDir.dispose());

interface WrittenPact {
  interactions: { description: string; contents?: { content: unknown }; response?: { metadata?: Record<string, unknown> }[] }[];
}

function written(consumer: string, provider: string): WrittenPact {
  return JSON.parse(readFileSync(join(pactDir.dir, pactFileName(consumer, provider)), 'utf8')) as WrittenPact;
}

describe('pact-js pitfalls on the installed version', () => {
  it('1. a V4 text message reaches executeTest base64-decoded, so garbled; the V3 text API delivers it intact', async () => {
    const pact = new PactV4({ consumer: 'pitfall-1', provider: 'p', dir: pactDir.dir, logLevel: PACT_LOG_LEVEL });
    let delivered: unknown;
    await pact
      .addAsynchronousInteraction()
      .expectsToReceive('a csv file', (builder) => {
        builder.withContent(CSV, nulTerminated(EXAMPLE.text));
      })
      .executeTest(async (message) => {
        delivered = message.contents.content;
      });
    expect(Buffer.isBuffer(delivered)).toBe(true);
    expect((delivered as Buffer).toString('utf8')).not.toBe(EXAMPLE.text);
    expect((delivered as Buffer).equals(Buffer.from(EXAMPLE.text, 'base64'))).toBe(true);

    const v3 = new MessageConsumerPact({ consumer: 'pitfall-1-v3', provider: 'p', dir: pactDir.dir, logLevel: PACT_LOG_LEVEL });
    let deliveredV3: unknown;
    await v3
      .expectsToReceive('a csv file')
      .withTextContent(EXAMPLE.text, CSV)
      .verify(async (message) => {
        deliveredV3 = message.contents;
      });
    expect(deliveredV3).toBe(EXAMPLE.text);
  });

  it('2. a V4 text body is read up to the first NUL byte, not by its length: a pooled Buffer slice drags its neighbours in', async () => {
    const pact = new PactV4({ consumer: 'pitfall-2', provider: 'p', dir: pactDir.dir, logLevel: PACT_LOG_LEVEL });
    const pool = Buffer.from(`${EXAMPLE.text}NEIGHBOUR\0`, 'utf8');
    await pact
      .addAsynchronousInteraction()
      .expectsToReceive('a csv file', (builder) => {
        builder.withContent(CSV, pool.subarray(0, Buffer.byteLength(EXAMPLE.text)));
      })
      .executeTest(() => Promise.resolve());
    expect(written('pitfall-2', 'p').interactions[0]?.contents?.content).toBe(`${EXAMPLE.text}NEIGHBOUR`);
  });

  it('3. a message provider that does not declare its content type is sent as JSON and fails verification', async () => {
    const pact = new PactV4({ consumer: 'pitfall-3', provider: 'p', dir: pactDir.dir, logLevel: PACT_LOG_LEVEL });
    await pact
      .addAsynchronousInteraction()
      .expectsToReceive('a csv file', (builder) => {
        builder.withContent(CSV, nulTerminated(EXAMPLE.text));
      })
      .executeTest(() => Promise.resolve());
    const verify = (metadata: Record<string, string>): Promise<unknown> =>
      new Verifier({
        provider: 'p',
        pactUrls: [join(pactDir.dir, pactFileName('pitfall-3', 'p'))],
        messageProviders: { 'a csv file': () => ({ __pactMessageMetadata: metadata, message: EXAMPLE.text }) },
        logLevel: PACT_LOG_LEVEL,
      }).verifyProvider();
    await expect(verify({ fileName: EXAMPLE.fileName })).rejects.toThrow(/Expected message with content type text\/csv but was application\/json/);
    await expect(verify({ fileName: EXAMPLE.fileName, contentType: CSV })).resolves.toBeDefined();
  });

  it('4. metadata on a V4 synchronous message response is dropped from the pact', async () => {
    const pact = new PactV4({ consumer: 'pitfall-4', provider: 'p', dir: pactDir.dir, logLevel: PACT_LOG_LEVEL });
    await pact
      .addSynchronousInteraction('a request for a file')
      .withRequest((request) => request.withJSONContent({ file: EXAMPLE.fileName }))
      .withResponse((response) => response.withJSONContent({ ok: true }).withMetadata({ fileName: EXAMPLE.fileName }))
      .executeTest(() => Promise.resolve());
    const metadata = written('pitfall-4', 'p').interactions[0]?.response?.[0]?.metadata ?? {};
    expect(metadata).not.toHaveProperty('fileName');
  });
});
