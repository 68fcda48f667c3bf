#!/usr/bin/env node
// Runs the TypeScript CLI straight from a clone: tsx registers its loader, no build step.
import { register } from 'tsx/esm/api';

// A reader that stops early (`converge scenarios | head`) closes the pipe: that is not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { main } = await import('../sim/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
