import { describe, expect, it } from 'vitest';
import { FakeConfigError } from '../../legacy-fakes/config-error.ts';
import { UsageError } from '../../sim/cli/exit-codes.ts';
import { usageMessage } from '../../sim/cli/main.ts';
import { SqliteUnavailableError } from '../../orchestrator/store/sqlite-store.node.ts';
import { CrashEveryTooSmallError } from '../../sim/world/crash-schedule.ts';

describe('errors that are the user\'s input (exit 2) and those that are bugs (exit 3)', () => {
  it('a usage error, a --crash-every below a restart, and a fake refusing its configuration are the input\'s fault', () => {
    expect(usageMessage(new UsageError('--seed: expected a whole number'))).toBe('--seed: expected a whole number');
    expect(usageMessage(new CrashEveryTooSmallError('--crash-every 2: ...'))).toBe('--crash-every 2: ...');
    expect(usageMessage(new FakeConfigError('S1.quirks.offline[1]: windows must be in time order'))).toBe("the scenario's fakes refused their configuration: S1.quirks.offline[1]: windows must be in time order");
  });

  it('an optional dependency the durable store needs and nobody installed is the setup\'s to fix, not a bug', () => {
    expect(usageMessage(new SqliteUnavailableError('the durable store (o.sqlite) needs better-sqlite3'))).toBe('the durable store (o.sqlite) needs better-sqlite3');
  });

  it('anything else is a bug of the harness or the orchestrator', () => {
    expect(usageMessage(new TypeError('x is undefined'))).toBeUndefined();
    expect(usageMessage('a string thrown')).toBeUndefined();
  });
});
