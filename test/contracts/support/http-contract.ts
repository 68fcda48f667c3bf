/**
 * An HTTP contract case as data: one interaction (provider state, request, response) and what
 * the real adapter must make of the answer. Consumer tests declare each case to Pact; the
 * broken-adapter test replays a case with a deliberately broken adapter.
 */
import './pact-env.ts';
import type { PactV4, TemplateHeaders, TemplateQuery } from '@pact-foundation/pact';
// Not re-exported by the package's entry; a type-only deep import, erased at run time.
import type { V4InteractionWithResponse } from '@pact-foundation/pact/src/v4/http/types.js';

export interface HttpContractCase<Adapter> {
  state: string;
  description: string;
  /** A new interaction the provider does not honour yet: its verification failure is reported, not fatal. */
  pending?: boolean;
  request: { method: 'GET' | 'POST' | 'DELETE'; path: string; query?: TemplateQuery; headers?: TemplateHeaders; body?: unknown };
  response: { status: number; headers?: TemplateHeaders; body?: unknown };
  /** Calls the real adapter against the mock server and checks what it made of the answer. */
  run(adapter: Adapter): Promise<void>;
}

export function declareHttpCase<Adapter>(pact: PactV4, contractCase: HttpContractCase<Adapter>): V4InteractionWithResponse {
  const { request, response } = contractCase;
  return pact
    .addInteraction()
    .given(contractCase.state)
    .uponReceiving(contractCase.description)
    .pending(contractCase.pending === true)
    .withRequest(request.method, request.path, (builder) => {
      if (request.query !== undefined) builder.query(request.query);
      if (request.headers !== undefined) builder.headers(request.headers);
      if (request.body !== undefined) builder.jsonBody(request.body);
    })
    .willRespondWith(response.status, (builder) => {
      if (response.headers !== undefined) builder.headers(response.headers);
      if (response.body !== undefined) builder.jsonBody(response.body);
    });
}
