// A tinypool worker thread: registers tsx's loader (threads do not inherit it on Node 20), then
// runs gate jobs with the same code a `converge run` uses.
import { register } from 'tsx/esm/api';

register();
const { runJob } = await import('./run-job.node.ts');

export default function run(job) {
  return runJob(job);
}
