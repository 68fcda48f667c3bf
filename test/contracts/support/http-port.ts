/**
 * The adapters' ports over real HTTP, for the contract tests: Pact's mock server and verifier
 * are real servers on 127.0.0.1. Nothing here retries or waits: a contract test that needed a
 * timer would have timing in it, and timing belongs to the fault layer, not to the pacts.
 */
import { request as httpRequest } from 'node:http';
import type { HttpOutcome, HttpPort, HttpRequest, RandomPort, TimersPort } from '../../../orchestrator/ports.ts';

/**
 * One fresh connection per request (`agent: false`): each interaction has its own mock server on
 * a random port, ports do come round again within a run (6 in 800 mock servers, measured), and a
 * request must never ride a pooled keep-alive socket to a server that is gone.
 */
export class NodeHttpPort implements HttpPort {
  send(request: HttpRequest): Promise<HttpOutcome> {
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    return new Promise((resolve) => {
      const outgoing = httpRequest(`${request.baseUrl}${request.path}`, { method: request.method, headers: request.headers, agent: false, timeout: request.timeoutMs }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => resolve({ kind: 'network-error', message: error.message }));
        response.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ kind: 'response', status: response.statusCode ?? 0, headers, ...(text === '' ? {} : { body: parseBody(text) }) });
        });
      });
      outgoing.on('timeout', () => {
        outgoing.destroy();
        resolve({ kind: 'timeout' });
      });
      outgoing.on('error', (error) => resolve({ kind: 'network-error', message: error.message }));
      outgoing.end(body);
    });
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
