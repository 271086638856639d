import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { JsonSchema } from './api-surface.js';

/**
 * Generators of hostile input for the fuzz tests, driven by the JSON Schema of each request (from the
 * OpenAPI document): a valid sample to start from, and mutations of it that the schema is sure to refuse.
 */

/** A JSON token written as is: numbers that JSON.parse turns into Infinity, nesting too deep to build as objects. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold RawJson tokens and own `__proto__` keys (JSON.stringify keeps those). */
export function toJsonText(value: unknown): string {
  const marker = `@@raw-${randomUUID()}-`;
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawJson ? `${marker}${raws.push(v.text) - 1}@@` : v));
  return text.replace(new RegExp(`"${marker}(\\d+)@@"`, 'g'), (_, i: string) => raws[Number(i)]!);
}

/** Sets an own property, even `__proto__` (an assignment would change the prototype instead). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (value !== null && typeof value === 'object' && !(value instanceof RawJson)) {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(copy, k, clone(v));
    return copy;
  }
  return value;
}

export type Path = (string | number)[];

/** A copy of `root` with the value at `path` replaced (or removed, with `remove`). */
export function replaceAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = clone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else if (Array.isArray(node)) node[last as number] = value;
  else setOwn(node as Record<string, unknown>, String(last), value);
  return copy;
}

/** Strings that have broken parsers, SQL, HTML, path handling and number parsing somewhere before. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE movements; --",
  '" OR ""="',
  "1' AND pg_sleep(3) IS NULL --",
  "'||(SELECT current_user)||'",
  '$1',
  "%' --",
  "\\'; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("return process")()}}',
  '${process.exit(1)}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '%2e%2e%2f',
  '\u0000',
  'a\u0000b',
  '\r\nSet-Cookie: x=1',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '0x1F',
  '0b101',
  '1_000',
  ' 1',
  '+1',
  '١٢٣',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '\u202Eevil',
  '\uFEFF',
  '\uD800',
  '\uDFFF',
  'e\u0301',
  'ﷺ',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '👨‍👩‍👧‍👦',
  'Ａ',
  'İ',
  '\u0085',
  '\u2028',
  '\t',
  ' ',
  '',
  'TANGER-MED',
  'tanger med',
  'tanger-med\n',
  'nador;tanger-med',
  'nador,tanger-med',
  '2024-02-30',
  '2024-06-31T25:61:61Z',
  '2024-07-01T10:00:00',
  '2024-07-01 10:00:00+00',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '00000000-0000-0000-0000-00000000000g',
  '{00000000-0000-4000-8000-000000000000}',
  '00000000000040008000000000000000',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...HOSTILE_STRINGS)).map(([a, b]) => a + b) },
);

/**
 * Long strings (lengths in code points) of awkward units (multi-byte, quotes, NUL, blanks), under the
 * body limit. `blank: false` leaves out the blanks, which a trimming schema would shorten back into range.
 */
export const longString = (minLength: number, maxLength: number, blank = true): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: minLength, max: maxLength }), fc.constantFrom('x', 'é', '𝕏', "'", '<a>', '\u0000', ...(blank ? [' '] : [])))
    .map(([n, unit]) => unit.repeat(Math.ceil(n / [...unit].length)));

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then', 'length', '', ' ', '0', '$where', '$ne', 'a.b', 'id ', 'ID', 'siteid'),
  },
  { weight: 1, arbitrary: hostileString },
);

/** `{"__proto__": {...}}` as an own key, the way JSON.parse builds it. */
const protoObject = fc.jsonValue({ maxDepth: 2 }).map((inner) => {
  const o: Record<string, unknown> = {};
  setOwn(o, '__proto__', { isAdmin: true, role: 'admin', polluted: inner });
  return o;
});

const deepNesting = fc.tuple(fc.integer({ min: 500, max: 100_000 }), fc.boolean()).map(([depth, arrays]) =>
  arrays ? new RawJson('['.repeat(depth) + ']'.repeat(depth)) : new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
);

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'array' | 'object';

/** Values of each JSON type, hostile where they can be; `raw` allows RawJson tokens (HTTP bodies only). */
function valuesOfType(type: JsonType, raw: boolean): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return fc.oneof({ weight: 5, arbitrary: hostileString }, { weight: 1, arbitrary: longString(1_000, 50_000) });
    case 'integer':
      return fc.oneof(fc.integer(), fc.constantFrom(0, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER));
    case 'number':
      return fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
        ...(raw ? [fc.constantFrom(new RawJson('1e400'), new RawJson('-1e400'))] : []),
      );
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.oneof(
        fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
        fc.integer({ min: 1_001, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
        ...(raw ? [deepNesting] : []),
      );
    case 'object':
      return fc.oneof(fc.dictionary(hostileKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), protoObject, ...(raw ? [deepNesting] : []));
  }
}

/** The JSON types a schema accepts; null when it accepts anything. */
function acceptedTypes(schema: JsonSchema): Set<JsonType> | null {
  if (schema.anyOf) {
    const all = schema.anyOf.map(acceptedTypes);
    if (all.some((t) => t === null)) return null;
    return new Set(all.flatMap((t) => [...t!]));
  }
  if (!schema.type) return null;
  const types = new Set<JsonType>([schema.type]);
  if (schema.type === 'number') types.add('integer');
  if (schema.nullable) types.add('null');
  return types;
}

/** Whether a value satisfies the schema (the subset of JSON Schema our contract uses). */
export function conforms(schema: JsonSchema, value: unknown): boolean {
  if (value === null) return schema.nullable === true || schema.anyOf?.some((s) => conforms(s, value)) === true || (!schema.type && !schema.anyOf);
  if (schema.anyOf) return schema.anyOf.some((s) => conforms(s, value));
  if (schema.enum && !schema.enum.includes(value)) return false;
  switch (schema.type) {
    case 'string':
      return (
        typeof value === 'string' &&
        // Lengths in code points, as JSON Schema and zod count them.
        [...value].length >= (schema.minLength ?? 0) &&
        [...value].length <= (schema.maxLength ?? Infinity) &&
        (schema.pattern === undefined || new RegExp(schema.pattern).test(value))
      );
    case 'integer':
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (schema.type === 'number' || Number.isInteger(value)) &&
        value >= (schema.minimum ?? -Infinity) &&
        value <= (schema.maximum ?? Infinity)
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return (
        Array.isArray(value) &&
        value.length >= (schema.minItems ?? 0) &&
        value.length <= (schema.maxItems ?? Infinity) &&
        value.every((item) => conforms(schema.items ?? {}, item))
      );
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return false;
      const record = value as Record<string, unknown>;
      const properties = schema.properties ?? {};
      if ((schema.required ?? []).some((key) => !Object.hasOwn(record, key))) return false;
      if (schema.additionalProperties === false && Object.keys(record).some((key) => !Object.hasOwn(properties, key))) return false;
      return Object.entries(record).every(([key, v]) => !Object.hasOwn(properties, key) || conforms(properties[key]!, v));
    }
    default:
      return true;
  }
}

/** A query-string value (always a string) that the parameter's schema refuses, even after number coercion. */
export function refusedQueryValue(schema: JsonSchema): fc.Arbitrary<string> {
  const coerced = (s: string) => (schema.type === 'integer' || schema.type === 'number') && s.trim() !== '' ? Number(s) : s;
  const refused = (s: string) => !conforms(schema, coerced(s)) && !(schema.type === 'integer' && s.trim() === '' && conforms(schema, 0));
  return fc.oneof(hostileString, longString(201, 1_200), fc.integer().map(String), fc.double({ noNaN: true }).map(String)).filter(refused);
}

export interface Located {
  path: Path;
  schema: JsonSchema;
  value: unknown;
}

/** Every node of a sample, with the schema that describes it. */
export function nodesOf(schema: JsonSchema, value: unknown, path: Path = []): Located[] {
  const nodes: Located[] = [{ path, schema, value }];
  if (schema.type === 'object' && value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      if (Object.hasOwn(value, key)) nodes.push(...nodesOf(child, (value as Record<string, unknown>)[key], [...path, key]));
    }
  }
  if (schema.type === 'array' && Array.isArray(value)) value.forEach((item, i) => nodes.push(...nodesOf(schema.items ?? {}, item, [...path, i])));
  return nodes;
}

export interface Mutation {
  family: 'wrong type' | 'bad value' | 'missing key' | 'unknown key';
  body: unknown;
  /** Where the schema breaks: the error message should name it. */
  path: string;
  /** The added key, for `unknown key`. */
  key?: string;
}

/**
 * Mutations of a valid sample that its schema refuses: one node gets a value of another JSON type, a
 * value out of its range, enum, pattern or length, loses a required key or gains an unknown one.
 * `raw` allows RawJson tokens (HTTP bodies; socket.io serialises with JSON.stringify).
 */
export function refusedMutation(schema: JsonSchema, sample: unknown, raw: boolean): fc.Arbitrary<Mutation> {
  const nodes = nodesOf(schema, sample);
  const dotted = (path: Path) => path.join('.');
  const families: fc.Arbitrary<Mutation>[] = [];

  const typed = nodes.filter((n) => acceptedTypes(n.schema) !== null);
  if (typed.length > 0) {
    families.push(
      fc.constantFrom(...typed).chain((node) => {
        const accepted = acceptedTypes(node.schema)!;
        const wrong = (['string', 'integer', 'number', 'boolean', 'null', 'array', 'object'] as JsonType[]).filter(
          (t) => !accepted.has(t) && !(t === 'integer' && accepted.has('number')),
        );
        return fc
          .constantFrom(...wrong)
          .chain((t) => valuesOfType(t, raw))
          .filter((v) => v instanceof RawJson || !conforms(node.schema, v))
          .map((v): Mutation => ({ family: 'wrong type', body: replaceAt(sample, node.path, v), path: dotted(node.path) }));
      }),
    );
  }

  const constrained = nodes.map((node) => ({ node, bad: badValue(node.schema, node.value, raw) })).filter((x) => x.bad !== null);
  if (constrained.length > 0) {
    families.push(
      fc
        .constantFrom(...constrained)
        .chain(({ node, bad }) => bad!.map((v): Mutation => ({ family: 'bad value', body: replaceAt(sample, node.path, v), path: dotted(node.path) }))),
    );
  }

  const withRequired = nodes.filter((n) => n.schema.type === 'object' && (n.schema.required?.length ?? 0) > 0 && n.value !== null);
  if (withRequired.length > 0) {
    families.push(
      fc.constantFrom(...withRequired).chain((node) =>
        fc
          .constantFrom(...node.schema.required!)
          .map((key): Mutation => ({ family: 'missing key', body: replaceAt(sample, [...node.path, key], undefined, true), path: dotted([...node.path, key]) })),
      ),
    );
  }

  const closed = nodes.filter((n) => n.schema.type === 'object' && n.schema.additionalProperties === false && n.value !== null);
  if (closed.length > 0) {
    families.push(
      fc.constantFrom(...closed).chain((node) =>
        fc
          .tuple(hostileKey.filter((k) => !Object.hasOwn(node.schema.properties ?? {}, k)), fc.oneof(fc.jsonValue({ maxDepth: 2 }), protoObject))
          .map(([key, value]): Mutation => ({ family: 'unknown key', body: replaceAt(sample, [...node.path, key], value), path: dotted(node.path), key })),
      ),
    );
  }
  return fc.oneof(...families);
}

/** Values of the node's own type that break one of its constraints; null when it has none to break. */
function badValue(schema: JsonSchema, value: unknown, raw: boolean): fc.Arbitrary<unknown> | null {
  const options: fc.Arbitrary<unknown>[] = [];
  if (schema.type === 'string') {
    if (schema.enum || schema.pattern) {
      const variants = typeof value === 'string' ? [value.toUpperCase(), ` ${value}`, `${value} `, `${value}\u0000`, value.slice(1), `${value}x`] : [];
      options.push(fc.oneof(hostileString, fc.constantFrom(...variants, 'x')).filter((s) => !conforms(schema, s)));
    }
    if (schema.maxLength !== undefined) options.push(longString(schema.maxLength + 1, Math.max(schema.maxLength * 4, 100_000), false));
    if ((schema.minLength ?? 0) > 0) options.push(fc.constant(''));
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    if (schema.minimum !== undefined) options.push(fc.integer({ min: 1, max: 1_000_000 }).map((d) => schema.minimum! - d));
    if (schema.maximum !== undefined) options.push(fc.integer({ min: 1, max: 1_000_000 }).map((d) => schema.maximum! + d));
    if (schema.type === 'integer') options.push(fc.constantFrom(0.5, 1.5, 2.000001, 1e-7).map((f) => (schema.minimum ?? 0) + f).filter((n) => !conforms(schema, n)));
    if (raw) options.push(fc.constantFrom(new RawJson('1e400'), new RawJson('-1e400'), new RawJson('123456789012345678901234567890')).filter(() => schema.maximum !== undefined || schema.minimum !== undefined));
  }
  if (schema.type === 'array') {
    const items = Array.isArray(value) && value.length > 0 ? value : [null];
    if (schema.maxItems !== undefined) options.push(fc.integer({ min: 1, max: 5 }).map((d) => Array.from({ length: schema.maxItems! + d }, (_, i) => items[i % items.length])));
    if ((schema.minItems ?? 0) > 0) options.push(fc.constant([]));
  }
  return options.length > 0 ? fc.oneof(...options) : null;
}

/** Bodies that are not an object at all: the whole request is refused. */
export const notAnObject: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
);

/**
 * A valid sample of a schema: every property, the first enum value, the smallest length or number
 * allowed. `hint` supplies values the schema cannot say (a site the user may write to, a recent instant).
 */
export function validSample(schema: JsonSchema, hint: (path: Path, schema: JsonSchema) => unknown, path: Path = []): unknown {
  const hinted = hint(path, schema);
  if (hinted !== undefined) return hinted;
  if (schema.anyOf) return validSample(schema.anyOf[0]!, hint, path);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, child]) => [key, validSample(child, hint, [...path, key])]));
    case 'array': {
      const n = Math.min(Math.max(schema.minItems ?? 0, 1), schema.maxItems ?? 1);
      return Array.from({ length: n }, (_, i) => validSample(schema.items ?? {}, hint, [...path, i]));
    }
    case 'string':
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date(Date.now() - 3_600_000).toISOString();
      if (schema.format === 'date') return '2024-07-15';
      if (schema.pattern) {
        const re = new RegExp(schema.pattern);
        return fc.sample(fc.stringMatching(re).filter((s) => conforms(schema, s)), { numRuns: 1, seed: 1 })[0];
      }
      return 'x'.repeat(Math.max(schema.minLength ?? 0, 1));
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, schema.minimum ?? 1), schema.maximum ?? 1);
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/** Valid values of a schema, edges included (dates in year 0000 or 9999, the largest numbers allowed, hostile free text). */
export function validValue(schema: JsonSchema, hint: (path: Path, schema: JsonSchema) => fc.Arbitrary<unknown> | undefined, path: Path = []): fc.Arbitrary<unknown> {
  const hinted = hint(path, schema);
  if (hinted !== undefined) return hinted;
  const base = ((): fc.Arbitrary<unknown> => {
    if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => validValue(s, hint, path)));
    if (schema.enum) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'object': {
        const properties = Object.entries(schema.properties ?? {});
        const required = new Set(schema.required ?? []);
        return fc.record(Object.fromEntries(properties.map(([key, child]) => [key, validValue(child, hint, [...path, key])])), {
          requiredKeys: properties.map(([key]) => key).filter((key) => required.has(key)),
        });
      }
      case 'array':
        return fc.array(validValue(schema.items ?? {}, hint, [...path, 0]), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
      case 'string':
        // A pattern that only excludes characters (`^[^\u0000]*$`) still leaves free text: keep it hostile.
        if (schema.pattern && !/^\^\[\^[^\]]*\]\*\$$/.test(schema.pattern)) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => conforms(schema, s));
        return fc
          .oneof(hostileString, hostileString.map((s) => Buffer.from(s).toString('base64url')), longString(schema.maxLength ?? 100, schema.maxLength ?? 100))
          .map((s) => [...s].slice(0, schema.maxLength ?? Infinity).join(''))
          .filter((s) => conforms(schema, s));
      case 'integer':
        return fc.oneof(fc.constantFrom(schema.minimum ?? 0, schema.maximum ?? 0), fc.integer({ min: Math.max(schema.minimum ?? -(2 ** 31), Number.MIN_SAFE_INTEGER), max: Math.min(schema.maximum ?? 2 ** 31, Number.MAX_SAFE_INTEGER) }));
      case 'number':
        return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
      case 'boolean':
        return fc.boolean();
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable ? fc.oneof(base, fc.constant(null)) : base;
}
