/**
 * A fake was built with a bad configuration. A distinct class, so the harness can tell a bad
 * scenario (exit code 2, one clear message) from a bug inside a fake.
 */
export class FakeConfigError extends Error {
  override readonly name = 'FakeConfigError';
}
