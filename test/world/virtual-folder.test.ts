import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualFolder } from '../../sim/world/virtual-folder.ts';

const quiet = { fileWritten: () => undefined, fileRenamed: () => undefined };

describe('VirtualFolder listings', () => {
  it('lists each directory sorted after any sequence of writes and renames, like a model of plain maps', () => {
    const name = fc.constantFrom('a.csv', 'b.csv', 'c.tmp', 'RELEASE_2.csv', 'RELEASE_10.csv');
    const dir = fc.constantFrom('/wms/DC1/in', '/wms/DC1/out', '/wms/DC1/archive');
    const op = fc.oneof(fc.record({ write: fc.tuple(dir, name) }), fc.record({ rename: fc.tuple(dir, name, dir, name) }), fc.record({ list: dir }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const folder = new VirtualFolder(quiet);
        const model = new Map<string, Set<string>>();
        const listing = (where: string): string[] => [...(model.get(where) ?? [])].sort();
        for (const step of ops) {
          if ('write' in step) {
            const [where, file] = step.write;
            folder.write(`${where}/${file}`, 'x', 'wms');
            model.set(where, (model.get(where) ?? new Set()).add(file));
          } else if ('rename' in step) {
            const [fromDir, fromName, toDir, toName] = step.rename;
            if (!model.get(fromDir)?.has(fromName)) continue;
            folder.rename(`${fromDir}/${fromName}`, `${toDir}/${toName}`, 'wms');
            model.get(fromDir)?.delete(fromName);
            model.set(toDir, (model.get(toDir) ?? new Set()).add(toName));
          } else {
            const listed = folder.list(step.list);
            expect(listed).toEqual(listing(step.list));
            listed.push('tampered'); // a caller's copy: the next listing is unaffected
            expect(folder.list(step.list)).toEqual(listing(step.list));
          }
        }
      }),
    );
  });
});
