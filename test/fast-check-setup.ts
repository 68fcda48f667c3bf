import fc from 'fast-check';

/**
 * In CI, every property runs from one fixed seed, so a red build is reproducible and never a
 * roll of the dice; on a developer's machine (and in `npm run soak`) seeds are fresh each run,
 * so the properties keep exploring. A failure always prints its seed and path to replay it.
 */
if (process.env['CI'] === 'true') fc.configureGlobal({ seed: 20261127 });
