// A StrykerJS ignorer plugin (`ignorers: ["converge-oracle-sample"]`) that keeps only the mutation
// oracle's seeded sample. Stryker's mutation ranges (one per sampled node, passed by
// scripts/mutation-oracle.ts) already leave out everything around a sampled node; this ignores
// what lies inside one: a node is kept when it is a sampled node or contains one (an ignored node
// hides everything under it). Plain JavaScript: Stryker also loads it in its test-runner processes,
// which run without tsx; only the main process, which instruments the code, ever calls it.
//
// The sample comes from the JSON file CONVERGE_ORACLE_SAMPLE names:
// { "files": { "<absolute path>": [{ "start": { "line", "column" }, "end": {...} }] } }, Stryker
// positions (line from 0, column from 0).
import { readFileSync } from 'node:fs';
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const REASON = 'outside the mutation oracle sample';

/** @type {Map<string, { start: { line: number, column: number }, end: { line: number, column: number } }[]> | undefined} */
let sampled;

function sample() {
  if (sampled === undefined) {
    const file = process.env.CONVERGE_ORACLE_SAMPLE;
    if (file === undefined || file === '') throw new Error('the converge-oracle-sample ignorer needs CONVERGE_ORACLE_SAMPLE: run it through `npm run mutation:oracle`');
    sampled = new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')).files));
  }
  return sampled;
}

/** Does `outer` (a Babel location: line from 1) cover `inner` (a Stryker span: line from 0)? */
function covers(outer, inner) {
  const startLine = outer.start.line - 1;
  const endLine = outer.end.line - 1;
  const startsBefore = startLine < inner.start.line || (startLine === inner.start.line && outer.start.column <= inner.start.column);
  const endsAfter = endLine > inner.end.line || (endLine === inner.end.line && outer.end.column >= inner.end.column);
  return startsBefore && endsAfter;
}

export const sampleIgnorer = {
  shouldIgnore(path) {
    const location = path.node.loc;
    if (location === null || location === undefined) return undefined;
    const nodes = sample().get(path.hub?.file?.opts?.filename) ?? [];
    return nodes.some((node) => covers(location, node)) ? undefined : REASON;
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'converge-oracle-sample', sampleIgnorer)];
