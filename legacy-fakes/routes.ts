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

/** Whether `segments` fit the pattern: as many, and every literal part the same. */
function fits(pattern: readonly string[], segments: readonly string[]): boolean {
  if (pattern.length !== segments.length) return false;
  for (let index = 0; index < pattern.length; index += 1) {
    const part = pattern[index] as string;
    if (!part.startsWith(':') && part !== segments[index]) return false;
  }
  return true;
}

/** What the pattern's `:name` parts captured, for segments that fit it. */
function captured(pattern: readonly string[], segments: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index += 1) {
    const part = pattern[index] as string;
    if (part.startsWith(':')) params[part.slice(1)] = segments[index] as string;
  }
  return params;
}

/**
 * The first route for `method` whose pattern matches `segments`, with what its `:name`s captured.
 * Checked before anything is captured, so the routes passed over cost no allocation.
 */
export function findRoute<R extends RoutePattern>(routes: readonly R[], method: unknown, segments: readonly string[]): { route: R; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method === method && fits(route.pattern, segments)) return { route, params: captured(route.pattern, segments) };
  }
  return undefined;
}
