/**
 * Lets the compiled Converge import a plugin written in TypeScript: tsx's loader is registered
 * the first time one is asked for, in this thread (worker threads do not inherit it). From the
 * sources tsx is registered already. Without tsx installed, the message says what to do.
 */
import { RUNNING_COMPILED } from '../package-root.node.ts';

let registered: Promise<void> | undefined;

export function isTypeScriptModule(path: string): boolean {
  return /\.(c|m)?tsx?$/.test(path);
}

export function ensureTypeScriptLoader(ref: string): Promise<void> {
  if (!RUNNING_COMPILED) return Promise.resolve();
  registered ??= import('tsx/esm/api').then(
    ({ register }) => {
      register();
    },
    (error: unknown) => {
      registered = undefined;
      throw new Error(`orchestrator module ${ref}: is TypeScript, and loading TypeScript needs the tsx package (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): install tsx beside Converge, or compile the plugin to JavaScript`);
    },
  );
  return registered;
}
