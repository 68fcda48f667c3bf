/**
 * Imported first by every contract test, before pact itself: Pact's native core sends anonymous
 * usage metrics unless PACT_DO_NOT_TRACK is set, and these tests must run offline.
 */
process.env['PACT_DO_NOT_TRACK'] = 'true';

export const PACT_LOG_LEVEL = 'error';
