import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { SqliteStore } from '../../orchestrator/store/sqlite-store.node.ts';
import { MemoryStore } from '../../sim/world/memory-store.ts';
import { removeDatabase, storeContract } from './store-contract.ts';

describe('MemoryStore (simulation)', () => {
  storeContract(() => {
    const store = new MemoryStore();
    return { store, reopen: () => store, dispose: () => undefined };
  });
});

describe('SqliteStore (live mode)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'converge-store-'));
  let counter = 0;
  storeContract(() => {
    const path = join(dir, `store-${++counter}.db`);
    let current = new SqliteStore(path);
    return {
      store: current,
      reopen: () => {
        current.close();
        current = new SqliteStore(path);
        return current;
      },
      dispose: () => {
        current.close();
        removeDatabase(path);
      },
    };
  });
});
