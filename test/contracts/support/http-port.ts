/**
 * The adapters' ports over real HTTP, for the contract tests: Pact's mock server and verifier
 * are real servers on 127.0.0.1. Nothing here retries or waits: a contract test that needed a
 * timer would have timing in it, and timing belongs to the fault layer, not to the pacts.
 */
import type { HttpOutcome, HttpPort, HttpRequest, RandomPort, TimersPort } from '../../../orchestrator/ports.ts';

export class FetchHttpPort implements HttpPort {
  readonly sent: HttpRequest[] = [];

  async send(request: HttpRequest): Promise<HttpOutcome> {
    this.sent.push(request);
    let response: Response;
    try {
      response = await fetch(`${request.baseUrl}${request.path}`, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(request.timeoutMs),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') return { kind: 'timeout' };
      return { kind: 'network-error', message: error instanceof Error ? error.message : String(error) };
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const text = await response.text();
    return { kind: 'response', status: response.status, headers, ...(text === '' ? {} : { body: parseBody(text) }) };
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** An adapter under contract test makes one attempt: a retry would be a timer, and a timer is timing. */
export const NO_TIMERS: TimersPort = {
  setTimer: (label) => {
    throw new Error(`contract tests book no timers (asked for ${label})`);
  },
  sleep: (delayMs) => Promise.reject(new Error(`contract tests never wait (asked to sleep ${delayMs} ms)`)),
};

export const NO_RANDOM: RandomPort = {
  next: () => {
    throw new Error('contract tests draw no random numbers');
  },
  int: () => {
    throw new Error('contract tests draw no random numbers');
  },
};

/** Generous: only a guard against a hung mock server, never part of what a pact checks. */
export const CONTRACT_TIMEOUT_MS = 10_000;
