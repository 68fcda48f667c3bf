import type { z } from 'zod';
import { FAULT_NAMES, faultEntry, isFaultName } from './fault-catalogue.ts';

export interface SwarmRange {
  min: number;
  max: number;
}

/** A swarm profile as the scenario file states it (validated by the scenario schema). */
export interface SwarmProfile {
  faults: SwarmRange;
  candidates: Record<string, { oneIn?: SwarmRange | undefined; hours?: SwarmRange | undefined; everyEvents?: SwarmRange | undefined }>;
}

/** Each candidate is a catalogue fault a swarm can draw, with exactly the parameter range it needs. */
export function checkSwarmProfile(profile: SwarmProfile, context: z.core.$RefinementCtx): void {
  const swarmable = FAULT_NAMES.filter((name) => faultEntry(name).swarm !== undefined);
  const names = Object.keys(profile.candidates);
  if (names.length === 0) context.addIssue({ code: 'custom', path: ['candidates'], message: `expected at least one candidate fault, one of ${swarmable.join(', ')}` });
  if (profile.faults.min < 1) context.addIssue({ code: 'custom', path: ['faults', 'min'], message: 'expected at least 1 fault per seed' });
  for (const name of names) {
    const entry = isFaultName(name) ? faultEntry(name) : undefined;
    if (entry?.swarm === undefined) {
      context.addIssue({ code: 'custom', path: ['candidates', name], message: `"${name}" is not a fault a swarm can draw: expected one of ${swarmable.join(', ')}` });
      continue;
    }
    const candidate = profile.candidates[name] ?? {};
    for (const parameter of ['oneIn', 'hours', 'everyEvents'] as const) {
      const given = candidate[parameter];
      if (parameter === entry.swarm && given === undefined) context.addIssue({ code: 'custom', path: ['candidates', name, parameter], message: `expected a range { min, max } for ${name}'s ${parameter}` });
      if (parameter !== entry.swarm && given !== undefined) context.addIssue({ code: 'custom', path: ['candidates', name, parameter], message: `${name} draws ${entry.swarm}, not ${parameter}` });
      if (given !== undefined && parameter !== 'hours' && given.min < 1) context.addIssue({ code: 'custom', path: ['candidates', name, parameter, 'min'], message: `expected ${parameter} of at least 1` });
    }
  }
}
