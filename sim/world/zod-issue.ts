import type { z } from 'zod';

function describePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`), '');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** `<file>: field <path>: got <value>; <what was expected>`: one line a person can act on. */
export function describeZodIssue(file: string, raw: unknown, issue: z.core.$ZodIssue): string {
  const field = describePath(issue.path);
  const value = valueAt(raw, issue.path);
  const shown = value === undefined ? 'nothing' : JSON.stringify(value);
  return `${file}: field ${field === '' ? '(root)' : field}: got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}; ${issue.message}`;
}
