import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';

/** A terminal of `columns` columns that keeps the last frame; ink-testing-library's is fixed at 100. */
class FixedWidthStdout extends EventEmitter {
  lastFrame = '';
  constructor(readonly columns: number) {
    super();
  }
  write = (frame: string): void => {
    this.lastFrame = frame;
  };
}

/** One frame of `element` as ink draws it on a terminal `columns` wide (debug: every render written whole). */
export function frameAt(element: ReactElement, columns: number): string {
  const stdout = new FixedWidthStdout(columns);
  const app = render(element, { stdout: stdout as unknown as NodeJS.WriteStream, debug: true, patchConsole: false, exitOnCtrlC: false });
  const frame = stdout.lastFrame;
  app.unmount();
  app.cleanup();
  return frame;
}
