/**
 * Registers Converge's matchers with vitest: list this file in vitest's `setupFiles`, or import
 * it at the top of a test file.
 */
import { expect } from 'vitest';
import { convergeMatchers, type ConvergeMatchers } from './matchers.ts';

expect.extend(convergeMatchers);

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends ConvergeMatchers<T> {}
}
