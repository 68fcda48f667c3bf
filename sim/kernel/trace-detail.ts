/**
 * Reading a trace event's `detail` back: orchestrator events carry their payload as compact JSON,
 * other sources a plain line. Tools that read traces (explain, replay's world state, the
 * dashboard) take fields from it without trusting its shape.
 */
export function detailFields(detail: string): Record<string, unknown> {
  if (!detail.startsWith('{')) return {};
  try {
    const value = JSON.parse(detail) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A field as text: a string stays, anything else is ''. */
export function textField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
