/**
 * The mutation oracle's seeded sample. The unit is a mutated node: every mutant Stryker makes of
 * one piece of code (`a < b` gives `a <= b`, `a >= b`, `true`, `false`) is in or out together.
 * Stryker can only select whole nodes (mutation ranges plus an ignorer, see sample-ignorer.mjs),
 * and drawing nodes with equal chance still gives every mutant the same chance of being drawn.
 *
 * A node's rank is a hash of the seed and the node's stable key: its file, its source text and
 * which occurrence of that text it is in the file. Nodes are taken in rank order until the sample
 * holds the requested number of mutants. Same code and seed, same sample; an edit elsewhere in a
 * file does not change which of its other nodes are drawn, so scores before and after a change
 * compare mostly the same mutants.
 */
import { createHash } from 'node:crypto';

/** Stryker's positions: line from 0, column from 0. */
export interface Position {
  line: number;
  column: number;
}

export interface Span {
  start: Position;
  end: Position;
}

/** One mutant as Stryker's instrumenter makes it. `file` is relative to the project, with `/`. */
export interface EnumeratedMutant {
  file: string;
  mutator: string;
  replacement: string;
  location: Span;
  /** The source text the mutant replaces. */
  original: string;
}

/** Every mutant of one piece of code, and the key its rank is drawn from. */
export interface SampleNode {
  file: string;
  location: Span;
  original: string;
  stableKey: string;
  mutants: EnumeratedMutant[];
}

function spanText(span: Span): string {
  return `${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}`;
}

/** Identifies a mutant in Stryker's results: the same fields Stryker's own incremental mode matches on. */
export function mutantKey(mutant: Pick<EnumeratedMutant, 'file' | 'mutator' | 'replacement' | 'location'>): string {
  return `${mutant.file}|${mutant.mutator}|${mutant.replacement}|${spanText(mutant.location)}`;
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

export function compareSpans(a: Span, b: Span): number {
  return comparePositions(a.start, b.start) || comparePositions(b.end, a.end);
}

/** Groups mutants by the code they mutate, in source order, and gives each group its stable key. */
export function groupNodes(mutants: readonly EnumeratedMutant[]): SampleNode[] {
  const byLocation = new Map<string, SampleNode>();
  for (const mutant of mutants) {
    const id = `${mutant.file}|${spanText(mutant.location)}`;
    const node = byLocation.get(id) ?? { file: mutant.file, location: mutant.location, original: mutant.original, stableKey: '', mutants: [] };
    node.mutants.push(mutant);
    byLocation.set(id, node);
  }
  const nodes = [...byLocation.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : compareSpans(a.location, b.location)));
  const occurrences = new Map<string, number>();
  for (const node of nodes) {
    const text = `${node.file}\0${node.original}`;
    const nth = occurrences.get(text) ?? 0;
    occurrences.set(text, nth + 1);
    node.stableKey = `${text}\0${nth}`;
  }
  return nodes;
}

function rank(seed: number, node: SampleNode): string {
  return createHash('sha256').update(`${seed}\0${node.stableKey}`).digest('hex');
}

/**
 * Nodes in rank order until they hold at least `size` mutants (all of them when the population is
 * smaller), returned in source order.
 */
export function drawSample(nodes: readonly SampleNode[], seed: number, size: number): SampleNode[] {
  const ranked = nodes.map((node) => ({ node, rank: rank(seed, node) })).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  const taken = new Set<SampleNode>();
  let mutants = 0;
  for (const { node } of ranked) {
    if (mutants >= size) break;
    taken.add(node);
    mutants += node.mutants.length;
  }
  return nodes.filter((node) => taken.has(node));
}
