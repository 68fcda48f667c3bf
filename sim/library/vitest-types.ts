/**
 * Teaches vitest's `expect` Converge's matchers (toConverge, ...), for type-checking only: a
 * test that imports anything from `converge/testing` sees them, whether it registers the
 * matchers in a setup file or imports `converge/testing/vitest-setup` itself.
 */
import type { ConvergeMatchers } from './matchers.ts';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends ConvergeMatchers<T> {}
}
