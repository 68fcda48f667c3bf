/**
 * Imported first by every contract test, before pact itself: Pact's native core sends anonymous
 * usage metrics unless PACT_DO_NOT_TRACK is set, and these tests must run offline.
 */
process.env['PACT_DO_NOT_TRACK'] = 'true';

/**
 * The verifier's in-process proxy forwards to the provider through HTTPS_PROXY / HTTP_PROXY when
 * either is set (ignoring NO_PROXY), which would send 127.0.0.1 traffic to a corporate proxy.
 * vitest isolates each test file in its own forked process, so this stays in the contract tests.
 */
for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy']) delete process.env[name];

export const PACT_LOG_LEVEL = 'error';
