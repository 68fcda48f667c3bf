import type { z } from 'zod';

/** One field of the scenario schema: its dotted path (`topology.dcs[].id`, `swarm.candidates.*.oneIn`). */
export interface SchemaField {
  path: string;
  /** The file must give it whenever its parent object is given (no default, not optional). */
  required: boolean;
  /** Every object on the way down is required too: the file must always give it. */
  alwaysRequired: boolean;
  /** What zod fills in when the file leaves it out. */
  defaultValue?: unknown;
  /** An object or an array of objects (its fields are listed on their own). */
  container: boolean;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  defaultValue?: unknown;
}

const def = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

/** Types that hold no field of their own. A range `{ min, max }` counts as one value, as the docs write it. */
const LEAF_TYPES = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'tuple']);

function isRange(schema: z.ZodType): boolean {
  const shape = def(schema).shape;
  return shape !== undefined && Object.keys(shape).sort().join(',') === 'max,min';
}

/** Unwraps optional, default and pipe; what is left says what the field holds. */
function unwrap(schema: z.ZodType): z.ZodType {
  const inner = def(schema);
  if (inner.type === 'optional' || inner.type === 'default' || inner.type === 'nonoptional') return unwrap(inner.innerType as z.ZodType);
  if (inner.type === 'pipe') return unwrap(inner.in as z.ZodType);
  return schema;
}

/**
 * Every field of a zod object schema, depth first in declaration order. A type the walk does not
 * know (a union, a lazy schema) throws: a field hidden behind one would otherwise go unnoticed.
 */
export function schemaFields(schema: z.ZodType, prefix = '', parentsRequired = true): SchemaField[] {
  const object = unwrap(schema);
  const shape = def(object).shape;
  if (def(object).type !== 'object' || shape === undefined) throw new Error(`${prefix || 'schema'}: expected an object, got ${def(object).type}`);
  const fields: SchemaField[] = [];
  for (const [key, field] of Object.entries(shape)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const outer = def(field);
    const required = outer.type !== 'optional' && outer.type !== 'default';
    const alwaysRequired = required && parentsRequired;
    const held = unwrap(field);
    const heldType = def(held).type;
    const entry: SchemaField = { path, required, alwaysRequired, container: false };
    if (outer.type === 'default') entry.defaultValue = outer.defaultValue;
    if (heldType === 'object' && !isRange(held)) {
      fields.push({ ...entry, container: true }, ...schemaFields(held, path, alwaysRequired));
    } else if (heldType === 'array' && def(unwrap(def(held).element as z.ZodType)).type === 'object' && !isRange(unwrap(def(held).element as z.ZodType))) {
      fields.push({ ...entry, container: true }, ...schemaFields(def(held).element as z.ZodType, `${path}[]`, alwaysRequired));
    } else if (heldType === 'record') {
      const value = unwrap(def(held).valueType as z.ZodType);
      const nested = def(value).type === 'object' && !isRange(value);
      fields.push({ ...entry, container: nested }, ...(nested ? schemaFields(value, `${path}.*`, false) : []));
    } else if (heldType === 'object' || heldType === 'array' || LEAF_TYPES.has(heldType)) {
      fields.push(entry);
    } else {
      throw new Error(`${path}: a ${heldType} schema; teach schemaFields what fields it holds`);
    }
  }
  return fields;
}

/** Whether a JSON value has something at a schema path (`[]`: some element has it, `*`: some key's value has it). */
export function hasPath(value: unknown, path: string): boolean {
  return has(value, path.split('.'));
}

function has(value: unknown, segments: readonly string[]): boolean {
  const [head, ...rest] = segments;
  if (head === undefined) return value !== undefined;
  if (typeof value !== 'object' || value === null) return false;
  const children = head === '*' ? Object.values(value) : head.endsWith('[]') ? arrayAt(value, head.slice(0, -2)) : [(value as Record<string, unknown>)[head]];
  return children.some((child) => has(child, rest));
}

function arrayAt(value: object, key: string): unknown[] {
  const array = (value as Record<string, unknown>)[key];
  return Array.isArray(array) ? array : [];
}
