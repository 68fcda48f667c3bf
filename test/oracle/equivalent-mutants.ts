/**
 * The mutants declared equivalent: no run of any scenario can tell them from the original, so
 * the mutation oracle counts them neither killed nor surviving. They are listed, each with its
 * reason, in docs/invariants.md under "Equivalent mutants", where a reader of the score finds
 * them; this module reads that list, so the page and the score never disagree.
 *
 * The list's form, one `###` heading per file and one item per mutant:
 *
 *     ### `orchestrator/reference/lifecycle.ts`
 *     - `StringLiteral` ``'index:cancel-requested'`` -> ``""`` at line 18: the reason.
 *
 * The original and the replacement are Stryker's text, whitespace runs read as one space; an
 * original ending in `...` matches any original that starts with what comes before it. An item
 * matches the mutants of its file, line (where the mutated code starts), mutator, original and
 * replacement: the same text elsewhere in the file is often not equivalent. An edit that moves
 * the line fails test/oracle/equivalent-mutants.test.ts until the list follows it.
 */
import { readFileSync } from 'node:fs';

export interface EquivalentMutant {
  file: string;
  mutator: string;
  original: string;
  replacement: string;
  /** Where the mutated code starts, from 1. */
  line: number;
  reason: string;
}

const SECTION = '## Equivalent mutants';
const FILE_HEADING = /^### `([^`]+)`\s*$/;
/** `- `Mutator` <code> -> <code> at line N: reason`, each code span in as many backticks as it needs. */
const ITEM = /^- `(\w+)` (`+) ?(.*?) ?\2 -> (`+) ?(.*?) ?\4 at line (\d+): (.+)$/;

export function flatText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Every item of the page's "Equivalent mutants" section; throws naming the line that does not read as one. */
export function parseEquivalentMutants(markdown: string): EquivalentMutant[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === SECTION);
  if (start === -1) throw new Error(`no "${SECTION}" section`);
  const entries: EquivalentMutant[] = [];
  let file: string | undefined;
  for (let index = start + 1; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (line.startsWith('## ')) break;
    const heading = FILE_HEADING.exec(line);
    if (heading !== null) {
      file = heading[1];
      continue;
    }
    if (!line.startsWith('- `') || file === undefined) continue;
    const item = ITEM.exec(line);
    if (item === null) throw new Error(`line ${index + 1}: expected "- \`Mutator\` \`original\` -> \`replacement\` at line N: reason", got ${JSON.stringify(line)}`);
    const [, mutator, , original, , replacement, at, reason] = item as unknown as [string, string, string, string, string, string, string, string];
    entries.push({ file, mutator, original: flatText(original), replacement: flatText(replacement), line: Number(at), reason });
  }
  return entries;
}

export function readEquivalentMutants(path: string): EquivalentMutant[] {
  return parseEquivalentMutants(readFileSync(path, 'utf8'));
}

function originalMatches(declared: string, actual: string): boolean {
  const flat = flatText(actual);
  return declared.endsWith('...') ? flat.startsWith(declared.slice(0, -3)) : flat === declared;
}

/** The declared entry a mutant matches, if any; `line` counts from 1. */
export function equivalentFor(mutant: { file: string; line: number; mutator: string; original: string; replacement: string }, declared: readonly EquivalentMutant[]): EquivalentMutant | undefined {
  return declared.find((entry) => entry.file === mutant.file && entry.line === mutant.line && entry.mutator === mutant.mutator && entry.replacement === flatText(mutant.replacement) && originalMatches(entry.original, mutant.original));
}
