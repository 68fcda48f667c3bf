/**
 * The gate's worker thread when Converge runs compiled (dist/): the job runner is JavaScript
 * already, so no loader is registered. From the TypeScript sources, gate-worker.mjs is used.
 */
import type { GateJob, JobOutcome } from './gate-job.ts';
import { runJob } from './run-job.node.ts';

export default function run(job: GateJob): Promise<JobOutcome> {
  return runJob(job);
}
