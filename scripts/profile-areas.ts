/**
 * Where a run's time goes by area (the code under test, its store, the fakes, the harness), from a
 * V8 .cpuprofile. A library's time (csv-parse, JSON, Map look-ups in V8 builtins) is charged to
 * the project file that called it, so "the orchestrator" includes the CSV parsing it asks for.
 * This is the breakdown docs/performance.md uses for the floor the code under test sets.
 */

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** The code under test's own area: the rest (its store, the fakes, the harness, GC) is the harness's. */
export const REFERENCE_AREA = 'orchestrator (the code under test)';

/** Areas by path prefix, first match wins (the store before the rest of sim/world). */
const AREAS: readonly (readonly [prefix: string, area: string])[] = [
  ['orchestrator/', REFERENCE_AREA],
  ['sim/world/memory-store.ts', 'its store (sim/world/memory-store.ts)'],
  ['legacy-fakes/pos/', 'POS fake'],
  ['legacy-fakes/wms/', 'WMS fake'],
  ['legacy-fakes/payment/', 'payment fake'],
  ['legacy-fakes/', 'fakes, shared code'],
  ['sim/kernel/trace.ts', 'trace (recording, hash)'],
  ['sim/kernel/', 'kernel'],
  ['sim/invariants/', 'checkers'],
  ['sim/transports/', 'transports'],
  ['sim/world/', 'world wiring, trace formatting'],
  ['sim/workload/', 'workload'],
  ['sim/', 'rest of the harness'],
  ['scripts/', 'rest of the harness'],
];

export const GARBAGE_COLLECTOR = '(garbage collector)';
export const RUNTIME = '(runtime: promise settling, module loading)';
const NOT_WORK = new Set(['(idle)', '(program)']);

/** A frame's file relative to the project root, or null for node internals, builtins and node_modules. */
function projectPath(node: ProfileNode, root: string): string | null {
  const { url } = node.callFrame;
  if (!url.startsWith('file://')) return null;
  const path = decodeURIComponent(new URL(url).pathname);
  if (!path.startsWith(root) || path.includes('/node_modules/')) return null;
  return path.slice(root.length);
}

export function areaOf(path: string): string {
  return AREAS.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'rest of the harness';
}

/**
 * Share of the samples per area (idle and "(program)" left out), largest first. `root` is the
 * project's directory with a trailing slash.
 */
export function timeByArea(profile: CpuProfile, root: string): [area: string, share: number][] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const areaOfNode = new Map<number, string>();
  const resolve = (start: ProfileNode): string => {
    const known = areaOfNode.get(start.id);
    if (known !== undefined) return known;
    let area = RUNTIME;
    for (let node: ProfileNode | undefined = start; node !== undefined; node = byId.get(parentOf.get(node.id) ?? -1)) {
      const path = projectPath(node, root);
      if (path !== null) {
        area = areaOf(path);
        break;
      }
    }
    areaOfNode.set(start.id, area);
    return area;
  };
  const counts = new Map<string, number>();
  let total = 0;
  for (const sample of profile.samples) {
    const node = byId.get(sample);
    if (node === undefined || NOT_WORK.has(node.callFrame.functionName)) continue;
    total++;
    const area = node.callFrame.functionName === GARBAGE_COLLECTOR ? GARBAGE_COLLECTOR : resolve(node);
    counts.set(area, (counts.get(area) ?? 0) + 1);
  }
  return [...counts].map(([area, count]): [string, number] => [area, count / total]).sort((a, b) => b[1] - a[1]);
}

/** Microseconds per order per area, from a run's shares and its wall time per order; largest first. */
export function usPerOrderByArea(shares: readonly [area: string, share: number][], usPerOrder: number): [area: string, us: number][] {
  return shares.map(([area, share]): [string, number] => [area, share * usPerOrder]);
}

/** The reference's own time per order and the harness's (everything else: its store, the fakes, checkers, trace, kernel, GC, runtime). */
export function referenceAndHarness(byArea: readonly [area: string, us: number][]): { reference: number; harness: number } {
  const reference = byArea.filter(([area]) => area === REFERENCE_AREA).reduce((sum, [, us]) => sum + us, 0);
  const total = byArea.reduce((sum, [, us]) => sum + us, 0);
  return { reference, harness: total - reference };
}
