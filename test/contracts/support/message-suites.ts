/**
 * The two halves of a batch-file contract as vitest suites. Consumer: each file example declared
 * as a V4 asynchronous message (text/csv, with metadata) and fed to the consumer's real reader,
 * then the generated pact compared with the committed one. Provider: the committed pact replayed
 * against message providers built from the provider's real writer.
 */
import { PACT_LOG_LEVEL } from './pact-env.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MatchersV3, PactV4, Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { CSV, exampleMetadata, providedMetadata, type FileMessageCase } from './batch-file-messages.ts';
import { committedPactOrFail, compareWithCommitted, describeComparison, pactFileName, temporaryPactDir } from './pact-files.ts';

export interface MessageConsumerSuite {
  consumer: string;
  provider: string;
  cases: readonly FileMessageCase[];
}

export function messageConsumerSuite(suite: MessageConsumerSuite): void {
  const pactDir = temporaryPactDir(suite.consumer);
  const pact = new PactV4({ consumer: suite.consumer, provider: suite.provider, dir: pactDir.dir, logLevel: PACT_LOG_LEVEL });
  afterAll(() => pactDir.dispose());

  describe(`${suite.consumer} reads the files ${suite.provider} writes`, () => {
    for (const contractCase of suite.cases) {
      it(`${contractCase.description} (given ${contractCase.state})`, async () => {
        const { example } = contractCase;
        // The example the consumer reads must itself have the shape the provider is held to.
        expect(example.text).toMatch(new RegExp(contractCase.bodyPattern));
        expect(example.fileName).toMatch(new RegExp(contractCase.fileNamePattern));
        await pact
          .addAsynchronousInteraction()
          .given(contractCase.state)
          .pending(contractCase.pending === true)
          .expectsToReceive(contractCase.description, (builder) => {
            builder
              .withContent(CSV, nulTerminated(example.text))
              .withMetadata(exampleMetadata(example, contractCase.fileNamePattern))
              .withMatchingRules({ body: [{ path: '$', rules: [MatchersV3.regex(contractCase.bodyPattern, example.text)] }] });
          })
          .executeTest((message) => contractCase.consume(example, message.metadata as Record<string, unknown>));
      });
    }

    it('writes every example into the pact byte for byte', () => {
      const written = JSON.parse(readFileSync(join(pactDir.dir, pactFileName(suite.consumer, suite.provider)), 'utf8')) as { interactions: { description: string; contents: { content: unknown } }[] };
      for (const contractCase of suite.cases) {
        const interaction = written.interactions.find((candidate) => candidate.description === contractCase.description);
        expect(interaction?.contents.content, contractCase.description).toBe(contractCase.example.text);
      }
    });

    it('generates the committed pact', () => {
      const comparison = compareWithCommitted(pactDir.dir, suite.consumer, suite.provider);
      expect(comparison.kind === 'same' || comparison.kind === 'updated', describeComparison(comparison)).toBe(true);
    });
  });
}

/**
 * The text's bytes in a buffer of their own with a NUL byte just past the end. pact-js 16.5 hands
 * text/csv message bodies to the native core, which reads them as a C string: a buffer from
 * Buffer.from (a slice of Node's shared pool) came back with a neighbour's bytes appended, or
 * empty (see docs/contracts.md, pitfalls).
 */
export function nulTerminated(text: string): Buffer {
  const bytes = Buffer.byteLength(text, 'utf8');
  const buffer = Buffer.alloc(bytes + 1);
  buffer.write(text, 'utf8');
  return buffer.subarray(0, bytes);
}

/** One file as a provider produced it: its text and the envelope facts the metadata carries. */
export interface ProvidedFile {
  fileName: string;
  text: string;
  rowCount: number;
  controlNumber: number;
  /** The writer's own claim of the file's digest, when it makes one; else computed here. */
  sha256?: string;
}

export interface MessageProviderSuite {
  consumer: string;
  provider: string;
  stateHandlers: NonNullable<VerifierOptions['stateHandlers']>;
  /** By message description: the file the provider's writer produced in the current state. */
  files: Readonly<Record<string, () => ProvidedFile>>;
}

/** The verifier's message providers: each answers with the file and its metadata, content type declared. */
export function messageProviders(files: MessageProviderSuite['files']): NonNullable<VerifierOptions['messageProviders']> {
  return Object.fromEntries(
    Object.entries(files).map(([description, produce]) => [
      description,
      () => {
        const file = produce();
        // Without a content type in the metadata the verifier's proxy sends the text as JSON (pitfall 2).
        return { __pactMessageMetadata: providedMetadata(file), message: file.text };
      },
    ]),
  );
}

export function verifyMessages(suite: MessageProviderSuite): Promise<unknown> {
  return new Verifier({
    provider: suite.provider,
    pactUrls: [committedPactOrFail(suite.consumer, suite.provider)],
    stateHandlers: suite.stateHandlers,
    messageProviders: messageProviders(suite.files),
    logLevel: PACT_LOG_LEVEL,
  }).verifyProvider();
}

export function messageProviderSuite(suite: MessageProviderSuite): void {
  describe(`${suite.provider} writes the files ${suite.consumer} reads`, () => {
    it("verifies every message of the committed pact against the provider's writer", async () => {
      await verifyMessages(suite);
    });
  });
}
