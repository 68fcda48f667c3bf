/**
 * The orchestrator as the world's callers (the sales channel, customers, the start) reach it:
 * a command that throws, rejects or answers something that is not a documented answer is
 * reported at once, instead of surfacing as an unhandled rejection the run never counts (a
 * customer reading `.kind` of `undefined`). The reported command's promise then never settles:
 * the run stops at the report, and nothing downstream acts on a non-answer.
 */
import type { CommandResult, Orchestrator, ReplayDeadLetterResult } from '../../orchestrator/plugin.ts';

/** What went wrong where: `threw` for a throw or rejection, `bad-answer` for an answer outside the contract. */
export type OrchestratorFault = { kind: 'threw' | 'bad-answer'; where: string; message: string; orderId: string };

const COMMAND_KINDS: ReadonlySet<string> = new Set(['accepted', 'replayed', 'conflict', 'in-progress', 'invalid']);
const REPLAY_KINDS: ReadonlySet<string> = new Set(['applied', 'still-dead', 'conflict', 'in-progress']);

/** `Error: message` and the first frame, or the thrown value as text. */
export function describeThrown(error: unknown): string {
  if (!(error instanceof Error)) return `threw ${typeof error === 'string' ? JSON.stringify(error) : String(error)}`;
  const frame = error.stack
    ?.split('\n')
    .find((line) => line.trim().startsWith('at '))
    ?.trim();
  return `${error.name}: ${error.message}${frame === undefined ? '' : ` (${frame})`}`;
}

function answerProblem(answer: unknown, kinds: ReadonlySet<string>): string | undefined {
  if (typeof answer !== 'object' || answer === null) return `answered ${answer === null ? 'null' : typeof answer}, expected an object with a kind (${[...kinds].join(', ')})`;
  const { kind } = answer as { kind?: unknown };
  return typeof kind === 'string' && kinds.has(kind) ? undefined : `answered kind ${JSON.stringify(kind)}, expected one of ${[...kinds].join(', ')}`;
}

const NEVER = new Promise<never>(() => undefined);

/** Calls `call`, hands its answer on when it is a documented one, and reports anything else. */
function guarded<T>(where: string, orderId: string, kinds: ReadonlySet<string>, call: () => Promise<T>, report: (fault: OrchestratorFault) => void): Promise<T> {
  const threw = (error: unknown): Promise<T> => {
    report({ kind: 'threw', where, message: describeThrown(error), orderId });
    return NEVER;
  };
  let pending: Promise<T>;
  try {
    pending = call();
  } catch (error) {
    return threw(error);
  }
  return Promise.resolve(pending).then((answer) => {
    const problem = answerProblem(answer, kinds);
    if (problem === undefined) return answer;
    report({ kind: 'bad-answer', where, message: problem, orderId });
    return NEVER;
  }, threw);
}

/** The same orchestrator, its commands and start guarded; `view` as it is (the checkers read it directly). */
export function guardOrchestrator(orchestrator: Orchestrator, report: (fault: OrchestratorFault) => void): Orchestrator {
  const { cancelOrder, requestReturn, replayDeadLetter } = orchestrator;
  return {
    name: orchestrator.name,
    version: orchestrator.version,
    view: () => orchestrator.view(),
    start: async () => {
      try {
        await orchestrator.start();
      } catch (error) {
        report({ kind: 'threw', where: 'start()', message: describeThrown(error), orderId: '' });
        return NEVER;
      }
    },
    placeOrder: (command) => guarded<CommandResult>(`placeOrder(${command.idempotencyKey})`, '', COMMAND_KINDS, () => orchestrator.placeOrder(command), report),
    ...(cancelOrder === undefined ? {} : { cancelOrder: (command) => guarded<CommandResult>(`cancelOrder(${command.idempotencyKey})`, command.orderId, COMMAND_KINDS, () => cancelOrder.call(orchestrator, command), report) }),
    ...(requestReturn === undefined ? {} : { requestReturn: (command) => guarded<CommandResult>(`requestReturn(${command.idempotencyKey})`, command.orderId, COMMAND_KINDS, () => requestReturn.call(orchestrator, command), report) }),
    ...(replayDeadLetter === undefined ? {} : { replayDeadLetter: (command) => guarded<ReplayDeadLetterResult>(`replayDeadLetter(${command.idempotencyKey})`, '', REPLAY_KINDS, () => replayDeadLetter.call(orchestrator, command), report) }),
  };
}
