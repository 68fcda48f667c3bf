/**
 * Every mutant StrykerJS would make of some files, from Stryker's own instrumenter (the package
 * @stryker-mutator/core runs, installed with it) and with the options core passes it by default, so
 * the list is exactly what a Stryker run over the whole files would test.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Logger } from '@stryker-mutator/api/logging';
import { Instrumenter } from '@stryker-mutator/instrumenter';
import type { EnumeratedMutant, Span } from './mutant-sample.ts';

const silent = (): void => undefined;
const QUIET: Logger = {
  isTraceEnabled: () => false,
  isDebugEnabled: () => false,
  isInfoEnabled: () => false,
  isWarnEnabled: () => false,
  isErrorEnabled: () => false,
  isFatalEnabled: () => false,
  trace: silent,
  debug: silent,
  info: silent,
  warn: silent,
  error: silent,
  fatal: silent,
};

/** The source text a span covers (Stryker spans: line from 0, column from 0, end exclusive). */
export function textAt(source: string, span: Span): string {
  const lines = source.split('\n');
  if (span.start.line === span.end.line) return (lines[span.start.line] ?? '').slice(span.start.column, span.end.column);
  const first = (lines[span.start.line] ?? '').slice(span.start.column);
  const middle = lines.slice(span.start.line + 1, span.end.line);
  const last = (lines[span.end.line] ?? '').slice(0, span.end.column);
  return [first, ...middle, last].join('\n');
}

/** `files` relative to `root`; the mutants come back with the same relative names, `/`-separated. */
export async function enumerateMutants(root: string, files: readonly string[]): Promise<EnumeratedMutant[]> {
  const sources = new Map(files.map((file) => [resolve(root, file), readFileSync(resolve(root, file), 'utf8')]));
  const { mutants } = await new Instrumenter(QUIET).instrument(
    [...sources].map(([name, content]) => ({ name, content, mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  return mutants.map((mutant) => ({
    file: relative(root, mutant.fileName).split('\\').join('/'),
    mutator: mutant.mutatorName,
    replacement: mutant.replacement,
    location: mutant.location,
    original: textAt(sources.get(mutant.fileName) ?? '', mutant.location),
  }));
}
