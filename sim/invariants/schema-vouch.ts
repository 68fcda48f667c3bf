import type { z } from 'zod';

/** True only for a value the schema it was made from passes; false says nothing (ask the schema). */
export type Vouch = (value: unknown) => boolean;

/** A check on a value, as zod defines it: the kind, and its parameters. */
interface CheckDef {
  readonly check: string;
  readonly minimum?: number;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly value?: unknown;
  readonly inclusive?: boolean;
}

/** The parts of a zod schema's definition read here; anything else makes the schema one to ask. */
interface SchemaDef {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly catchall?: unknown;
  readonly innerType?: z.ZodType;
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly values?: readonly unknown[];
}

const NEVER: Vouch = () => false;

function defOf(schema: z.ZodType): SchemaDef {
  return schema.def as unknown as SchemaDef;
}

/** Each check as a test, or undefined when one is not understood here. */
function checksOf(def: SchemaDef, read: (check: CheckDef) => Vouch | undefined): Vouch[] | undefined {
  const tests: Vouch[] = [];
  for (const { _zod } of def.checks ?? []) {
    // A check's `when` may skip it (zod's length checks skip a value without a length): testing
    // regardless only ever says no more often, which is safe.
    const test = read(_zod.def);
    if (test === undefined) return undefined;
    tests.push(test);
  }
  return tests;
}

function stringCheck(check: CheckDef): Vouch | undefined {
  const { minimum, pattern } = check;
  if (check.check === 'min_length' && typeof minimum === 'number') return (value) => (value as string).length >= minimum;
  // A global or sticky pattern keeps state between tests: left to the schema.
  if (check.check === 'string_format' && check.format === 'regex' && pattern instanceof RegExp && !pattern.global && !pattern.sticky) return (value) => pattern.test(value as string);
  return undefined;
}

function numberCheck(check: CheckDef): Vouch | undefined {
  const { value: bound } = check;
  if (check.check === 'number_format' && check.format === 'safeint') return (value) => Number.isSafeInteger(value);
  if (check.check === 'greater_than' && typeof bound === 'number') return check.inclusive === true ? (value) => (value as number) >= bound : (value) => (value as number) > bound;
  return undefined;
}

/**
 * One test for all of them, the value's kind first: with none or one (nearly every field) no
 * loop runs, since these run for every field of every event.
 */
function allOf(isKind: Vouch, tests: readonly Vouch[]): Vouch {
  const [first, second] = tests;
  if (first === undefined) return isKind;
  if (second === undefined) return (value) => isKind(value) && first(value);
  if (tests.length === 2) return (value) => isKind(value) && first(value) && second(value);
  return (value) => {
    if (!isKind(value)) return false;
    for (const test of tests) if (!test(value)) return false;
    return true;
  };
}

const isString: Vouch = (value) => typeof value === 'string';
const isFiniteNumber: Vouch = (value) => typeof value === 'number' && Number.isFinite(value);

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A fast yes for the values a zod schema surely passes, read from the schema's own definition,
 * so what is valid is said once, in the schema. It knows the few kinds the event contract uses
 * (objects that ignore extra fields, strings with a minimum length or a pattern, safe integers
 * with a bound, enums, literals, optional fields, intersections); anything else in a schema, a
 * refinement included, gets no yes, and the schema judges. Parsing with zod costs far more than
 * these tests, and nearly every event is valid.
 */
export function vouchFor(schema: z.ZodType): Vouch {
  const def = defOf(schema);
  switch (def.type) {
    case 'string': {
      const tests = checksOf(def, stringCheck);
      return tests === undefined ? NEVER : allOf(isString, tests);
    }
    case 'number': {
      const tests = checksOf(def, numberCheck);
      return tests === undefined ? NEVER : allOf(isFiniteNumber, tests);
    }
    case 'enum': {
      const values = Object.values(def.entries ?? {});
      // A numeric enum's entries map names back too, which zod leaves out: left to the schema.
      if (def.checks?.length || !values.every((value) => typeof value === 'string')) return NEVER;
      const allowed = new Set<unknown>(values);
      return (value) => allowed.has(value);
    }
    case 'literal': {
      const allowed = new Set(def.values ?? []);
      return def.checks?.length ? NEVER : (value) => allowed.has(value);
    }
    case 'optional': {
      if (def.innerType === undefined || def.checks?.length) return NEVER;
      const inner = vouchFor(def.innerType);
      return (value) => value === undefined || inner(value);
    }
    case 'intersection': {
      if (def.left === undefined || def.right === undefined || def.checks?.length) return NEVER;
      const [left, right] = [vouchFor(def.left), vouchFor(def.right)];
      return (value) => left(value) && right(value);
    }
    case 'object': {
      if (def.shape === undefined || def.catchall !== undefined || def.checks?.length) return NEVER;
      // Two flat lists, not a pair per field: no destructuring per field of every event.
      const keys = Object.keys(def.shape);
      const fits = Object.values(def.shape).map((field) => vouchFor(field));
      return (value) => {
        if (!isRecord(value)) return false;
        for (let at = 0; at < keys.length; at++) if (!(fits[at] as Vouch)(value[keys[at] as string])) return false;
        return true;
      };
    }
    default:
      return NEVER;
  }
}
