/**
 * Registers Converge's matchers with vitest: list this file in vitest's `setupFiles`, or import
 * it at the top of a test file.
 */
import { expect } from 'vitest';
import { convergeMatchers } from './matchers.ts';
// The matchers' types: also brought by any import of `converge/testing`.
import './vitest-types.ts';

expect.extend(convergeMatchers);
