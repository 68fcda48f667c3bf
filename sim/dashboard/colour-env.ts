/**
 * Whether the dashboard may colour its text, from the environment (https://no-color.org and the
 * FORCE_COLOR convention Node and chalk follow).
 *
 * ink paints through its own chalk, which already honours FORCE_COLOR (1-3 forces colour even off
 * a terminal, 0 or "false" turns it off) but not NO_COLOR. So this only has to add NO_COLOR: set
 * and not empty, no colour. A FORCE_COLOR that forces wins over it, as in Node's own tty colour
 * check, so `FORCE_COLOR=1 NO_COLOR=1` still colours (chalk would paint anyway).
 */
export function colourWanted(env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  const noColour = env['NO_COLOR'];
  return noColour === undefined || noColour === '';
}
