import type { SimKernel } from '../kernel/kernel.ts';
import { DEFAULT_RESTART_DELAY_SECONDS, resendingChannel, type Scenario } from './scenario-schema.ts';

const HOUR_MS = 3_600_000;
/** `--crash-every` crashes in a row, each before the orchestrator restarted from the one before: no run makes progress like that. */
const CRASHES_WHILE_DOWN_MAX = 20;

/**
 * `--crash-every n` with n below what a restart costs: every crash comes before the orchestrator
 * is up again, so it never takes a step, the run piles up instances until it hits max-events (or
 * the heap), and its verdict would blame the orchestrator. The user's input, so exit 2.
 */
export class CrashEveryTooSmallError extends Error {
  override readonly name = 'CrashEveryTooSmallError';
}

/** Whether the scenario loses power inside steps: the orchestrator's store is then wrapped to tear them. */
export function tearsSteps(scenario: Scenario): boolean {
  return scenario.crashes?.perWriteRatio !== undefined || scenario.crashes?.everyWrites !== undefined;
}

/**
 * `--crash-every <n> --torn`: the scenario with power lost after every n-th store write instead of
 * its crash triggers by event or write (the per-command one stays, as with `--crash-every`). Power
 * lost inside a command leaves it unanswered, so a scenario without a sales channel gets one that
 * re-sends unanswered commands: otherwise the order is lost by the client, not the orchestrator.
 */
export function withTornEvery(scenario: Scenario, writes: number): Scenario {
  const { everyEvents: _everyEvents, perEventRatio: _perEventRatio, perWriteRatio: _perWriteRatio, ...kept } = scenario.crashes ?? { restartDelaySeconds: DEFAULT_RESTART_DELAY_SECONDS };
  return { ...scenario, crashes: { ...kept, everyWrites: writes }, channel: scenario.channel ?? resendingChannel() };
}

export interface CrashSettings {
  scenario: Scenario;
  /** `--crash-every`: after every this many kernel events of the safety phase; replaces the scenario's event triggers. */
  crashEveryEvents?: number;
  /** `--restart-delay`, virtual ms; else the scenario's `crashes.restartDelaySeconds`, else 30 s. */
  restartDelayMs?: number;
}

/**
 * When the orchestrator dies: the scenario's crash triggers (and `--crash-every`), checked
 * between events and after each command it takes, in the safety phase only, so the world can
 * heal after the last one. The scenario's triggers never hit a process already down (they wait
 * for its restart); `--crash-every` fires on its count regardless, as it always has. The world
 * does the crashing itself (`crash`, with the restart delay this gives);
 * this decides when, and counts.
 */
export class CrashSchedule {
  crashes = 0;
  crashesMidCommand = 0;
  tornSteps = 0;
  private restartPending = false;
  private lastCrashAt = -1;
  private crashesWhileDown = 0;
  /** Store writes of live instances in the safety phase (`crashes.everyWrites` counts them). */
  private writes = 0;

  constructor(
    private readonly kernel: SimKernel,
    private readonly settings: CrashSettings,
    private readonly crash: (restartDelayMs: number) => void,
    /** Power lost inside a step: the instance dies at once, and restarts after the delay. */
    private readonly loseTheStep: (restartDelayMs: number) => void = crash,
  ) {}

  /** The crashed process is up again. */
  restarted(): void {
    this.restartPending = false;
  }

  /**
   * The crash triggers checked between two events: `--crash-every` (as it always was), or the
   * scenario's `crashes.everyEvents` / `crashes.perEventRatio`, which never hit a process that is
   * already down.
   */
  betweenEvents(): void {
    const executed = this.kernel.eventsExecuted;
    if (!this.inSafetyPhase() || executed === 0 || this.lastCrashAt === executed) return;
    const every = this.settings.crashEveryEvents;
    if (every !== undefined) {
      if (executed % every === 0) {
        this.crashesWhileDown = this.restartPending ? this.crashesWhileDown + 1 : 0;
        if (this.crashesWhileDown >= CRASHES_WHILE_DOWN_MAX) {
          throw new CrashEveryTooSmallError(
            `--crash-every ${every}: ${CRASHES_WHILE_DOWN_MAX} crashes in a row came before the orchestrator had restarted from the one before (a restart waits its restart delay, and ${every} events pass sooner here), so it could never take a step; use a larger --crash-every, or a shorter crashes.restartDelaySeconds in the scenario`,
          );
        }
        this.lastCrashAt = executed;
        this.crashNow();
      }
      return;
    }
    const crashes = this.settings.scenario.crashes;
    if (crashes === undefined || this.restartPending) return;
    const byCount = crashes.everyEvents !== undefined && executed % crashes.everyEvents === 0;
    const ratio = crashes.perEventRatio;
    const byChance = ratio !== undefined && this.kernel.random.stream('world.crashes').chance(ratio[0], ratio[1]);
    if (byCount || byChance) {
      this.lastCrashAt = executed;
      this.crashNow();
    }
  }

  /** `crashes.perCommandRatio`: dies right after taking a command, before its answer reaches the channel. */
  afterCommand(): void {
    const ratio = this.settings.scenario.crashes?.perCommandRatio;
    if (ratio === undefined) return;
    const crash = this.kernel.random.stream('world.crashes.command').chance(ratio[0], ratio[1]);
    if (!crash || !this.inSafetyPhase() || this.restartPending) return;
    this.kernel.schedule('orchestrator.crash', 0, () => {
      if (this.restartPending) return;
      this.crashesMidCommand++;
      this.crashNow();
    });
  }

  /** `crashes.perWriteRatio` and `crashes.everyWrites`: after a store write, the power may go, tearing the step it belongs to. */
  afterWrite(): void {
    const crashes = this.settings.scenario.crashes;
    if (crashes === undefined || this.restartPending || !this.inSafetyPhase()) return;
    const every = crashes.everyWrites;
    const byCount = every !== undefined && ++this.writes % every === 0;
    const ratio = crashes.perWriteRatio;
    const byChance = ratio !== undefined && this.kernel.random.stream('world.crashes.torn').chance(ratio[0], ratio[1]);
    if (!byCount && !byChance) return;
    this.crashes++;
    this.tornSteps++;
    this.restartPending = true;
    this.loseTheStep(this.restartDelayMs());
  }

  private crashNow(): void {
    this.crashes++;
    this.restartPending = true;
    this.crash(this.restartDelayMs());
  }

  private restartDelayMs(): number {
    const delay = this.settings.scenario.crashes?.restartDelaySeconds;
    if (this.settings.restartDelayMs !== undefined || delay === undefined) return this.settings.restartDelayMs ?? 30_000;
    return this.kernel.random.stream('world.crashes.restart').between(delay.min, delay.max) * 1000;
  }

  private inSafetyPhase(): boolean {
    return this.kernel.elapsedMs < this.settings.scenario.phases.workloadHours * HOUR_MS;
  }
}
