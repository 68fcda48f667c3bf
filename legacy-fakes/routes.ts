/**
 * A fake's HTTP surface as data: an ordered table of routes, first match wins. What a route
 * does and what an unmatched request gets (always an error, never a pass-through) is the fake's.
 */
import type { FakeHttpRequest } from './http.ts';

export interface RoutePattern {
  method: FakeHttpRequest['method'];
  /** Literal segments; `:name` captures one segment. */
  pattern: readonly string[];
}

function match(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index += 1) {
    const part = pattern[index] as string;
    const segment = segments[index] as string;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

/** The first route for `method` whose pattern matches `segments`, with what its `:name`s captured. */
export function findRoute<R extends RoutePattern>(routes: readonly R[], method: unknown, segments: readonly string[]): { route: R; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = match(route.pattern, segments);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}
