import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds package.json and scenarios/: the same from the TypeScript sources
 * (sim/...) and from the compiled package (dist/sim/...), which sit at different depths.
 */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scenarios'))) return dir;
    if (dirname(dir) === dir) throw new Error(`converge: cannot find its package folder (package.json beside scenarios/) above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** Whether Converge runs as compiled JavaScript (dist/) rather than its TypeScript sources through tsx. */
export const RUNNING_COMPILED = import.meta.url.endsWith('.js');
