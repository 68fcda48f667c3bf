import { DashboardModel, type DashboardSnapshot } from '../../sim/dashboard/model.ts';
import { liveSource } from '../../sim/dashboard/run-input.node.ts';

/** The dashboard's last snapshot of a real, finished store-outage run: long queue names (five hosts), many states, an outage. */
export async function storeOutageSnapshot(): Promise<DashboardSnapshot> {
  const source = await liveSource({ scenario: 'store-outage', seed: 1, orders: 60, orchestrator: 'reference' });
  const model = new DashboardModel(source.info);
  model.finish(await source.play(model));
  return model.snapshot();
}
