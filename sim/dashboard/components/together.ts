/** U+00A0: shows as a space, but ink's wrapping (wrap-ansi) breaks lines only at plain spaces. */
export const NO_BREAK = '\u00a0';

/**
 * Words that must stay on one line, like a label and its value (`p95 18.0 h`,
 * `http pos-s2.stores.local 0/1`): when a panel is narrower than its text, ink wraps between such
 * units and never inside one, so no label ends a line whose value starts the next.
 */
export function together(...words: string[]): string {
  return words.join(' ').replaceAll(' ', NO_BREAK);
}
