/** A TransportObserver that writes one line per call, `<virtual ms> <what>`, for comparing histories. */
import type { HttpRequest } from '../../orchestrator/ports.ts';
import type { TransportObserver } from '../../sim/transports/transport-observer.ts';

function what(request: HttpRequest): string {
  return `${request.method} ${request.path}`;
}

export function recordingObserver(lines: string[], nowMs: () => number): TransportObserver {
  const log = (text: string): void => void lines.push(`${nowMs()} ${text}`);
  return {
    requestDelivered: (request) => log(`delivered ${what(request)}`),
    duplicated: (request) => log(`duplicated ${what(request)}`),
    lost: () => log('lost'),
    responseDelivered: (_request, response) => log(`response ${response.status}`),
    responseLost: (_request, response, cause) => log(`reply lost (${cause}) ${response.status}`),
    unanswered: (_request, kind) => log(`unanswered ${kind}`),
    refused: () => log('refused'),
    timedOut: () => log('timed out'),
    unroutable: (request) => log(`unroutable ${request.baseUrl}`),
  };
}
