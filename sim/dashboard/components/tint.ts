import { colourWanted } from '../colour-env.ts';

/**
 * A colour for ink's `color` / `borderColor` props, or undefined when colour is off (NO_COLOR),
 * so every panel asks here instead of naming a colour outright. Read at each render, so it follows
 * the environment the screen runs in. Bold and dim stay: they are not colour, and NO_COLOR is
 * about colour only.
 */
export function tint(colour: string | undefined): string | undefined {
  return colourWanted(process.env) ? colour : undefined;
}
