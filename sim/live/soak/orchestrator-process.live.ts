/**
 * One `converge orchestrate` child process at a time: started, killed with SIGKILL, started
 * again on the same SQLite file. An exit nobody asked for (the orchestrator threw: crash-only
 * code exits on an error it cannot handle) is reported with the end of its stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface OrchestratorProcessOptions {
  /** The command and its arguments, e.g. [process.execPath, 'bin/converge.js', 'orchestrate', ...]. */
  argv: readonly string[];
  cwd: string;
  /** It exited without being killed (code, signal, its last stderr lines). */
  onUnexpectedExit: (description: string) => void;
}

const STDERR_KEPT_CHARS = 4_000;
const LISTENING = /^listening on (http:\/\/\S+)$/;

export class OrchestratorProcess {
  private child: ChildProcess | undefined;
  private listeningUrl: string | undefined;
  private stderrTail = '';
  private starts = 0;
  private readonly killedOnPurpose = new WeakSet<ChildProcess>();

  constructor(private readonly options: OrchestratorProcessOptions) {}

  /** Its command API while it is up and listening; undefined while it is down or starting. */
  get url(): string | undefined {
    return this.listeningUrl;
  }

  get startCount(): number {
    return this.starts;
  }

  /** Starts a process and resolves with its URL once it listens (rejects if it exits first). */
  start(): Promise<string> {
    if (this.child !== undefined) throw new Error('the orchestrator process is already running');
    const [command, ...args] = this.options.argv;
    const child = spawn(command as string, args, { cwd: this.options.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
    this.child = child;
    this.starts += 1;
    this.stderrTail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_KEPT_CHARS);
    });
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        const match = LISTENING.exec(line);
        if (match !== null && this.child === child) {
          this.listeningUrl = match[1];
          resolve(match[1] as string);
        }
      });
      child.on('exit', (code, signal) => {
        const killed = this.killedOnPurpose.has(child);
        if (this.child === child) {
          this.child = undefined;
          this.listeningUrl = undefined;
        }
        const description = `exit code ${code ?? '-'}, signal ${signal ?? '-'}; stderr ends: ${this.stderrTail.trim().slice(-1_500) || '(empty)'}`;
        reject(new Error(`the orchestrator process ended before it listened: ${description}`));
        if (!killed) this.options.onUnexpectedExit(description);
      });
    });
  }

  /** SIGKILL: no handler runs, nothing is flushed. Resolves once the process is gone. */
  kill(): Promise<void> {
    return this.stop('SIGKILL');
  }

  /** `SIGTERM` asks it to stop (it exits 0); `SIGKILL` gives it no say. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (child === undefined) return Promise.resolve();
    this.killedOnPurpose.add(child);
    this.listeningUrl = undefined;
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}
