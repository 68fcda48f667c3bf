#!/usr/bin/env node
// Runs the TypeScript CLI straight from a clone: tsx registers its loader, no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../sim/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
