/**
 * Turns zod issues into problems a person can act on. zod's own messages ("Invalid input:
 * expected string, received undefined") speak TypeScript; these speak YAML.
 *
 * Schemas in this folder give every format check its own message (see field-schemas.ts);
 * only structural issues (missing, wrong type, unknown key, out of range) are worded here.
 */
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { describeValue, formatPath, type ConfigProblem } from './problems.js';

type Issue = z.core.$ZodIssue;

/** `schema` is the one that produced the issues: it is asked for the keys an object allows. */
export function problemsFromIssues(
  issues: readonly Issue[],
  schema: z.ZodType,
  prefix: readonly PropertyKey[] = [],
): ConfigProblem[] {
  return issues.flatMap((issue) => problemsFromIssue(issue, schema, prefix));
}

function problemsFromIssue(issue: Issue, schema: z.ZodType, prefix: readonly PropertyKey[]): ConfigProblem[] {
  const path = [...prefix, ...issue.path];
  const at = (message: string): ConfigProblem[] => [{ path: formatPath(path), message }];
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return at('required');
      if (issue.input === null) return at(emptyMessage(path));
      return at(`must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describeValue(issue.input)}`);
    case 'invalid_value':
      return at(invalidValueMessage(issue.input, issue.values));
    case 'unrecognized_keys': {
      const known = objectKeysAt(schema, issue.path);
      return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: unknownKeyMessage(key, known) }));
    }
    case 'too_small':
      return at(sizeMessage('small', issue.origin, Number(issue.minimum), issue.inclusive ?? true));
    case 'too_big':
      return at(sizeMessage('big', issue.origin, Number(issue.maximum), issue.inclusive ?? true));
    case 'invalid_key':
      // The nested issues carry the key check's own message; they belong at the key's path.
      return issue.issues.flatMap((inner) => problemsFromIssue({ ...inner, path: [] }, schema, path));
    default:
      return at(issue.message);
  }
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  array: 'a list',
  record: 'a mapping (key: value lines)',
};

function emptyMessage(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  const parent = path.at(-2);
  const isChannel = last === 'channel' || last === 'default_channel' || parent === 'channels';
  // `channel: #ml-incidents` is a YAML comment, so the value arrives empty.
  return isChannel
    ? 'is empty: quote channel names, e.g. "#ml-incidents" (an unquoted # starts a YAML comment)'
    : 'is empty: give a value or remove the key';
}

function invalidValueMessage(input: unknown, values: readonly unknown[]): string {
  const allowed = values.map(String).join(', ');
  if (input === undefined) return `required (one of: ${allowed})`;
  const hint = typeof input === 'string' ? didYouMean(input, values.map(String)) : undefined;
  return `${describeValue(input)} is not one of: ${allowed}${hint ? ` (did you mean "${hint}"?)` : ''}`;
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const hint = didYouMean(key, known);
  if (hint !== undefined) return `unknown key (did you mean "${hint}"?)`;
  return known.length > 0 ? `unknown key (expected one of: ${known.join(', ')})` : 'unknown key';
}

function sizeMessage(kind: 'small' | 'big', origin: string, limit: number, inclusive: boolean): string {
  if (origin === 'array') {
    const items = `${limit} item${limit === 1 ? '' : 's'}`;
    return kind === 'small' ? `must list at least ${items}` : `must list at most ${items}`;
  }
  if (origin === 'string') {
    if (kind === 'small' && limit === 1) return 'must not be empty';
    return `must be ${kind === 'small' ? 'at least' : 'at most'} ${limit} characters long`;
  }
  const op = kind === 'small' ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
  return `must be ${op} ${limit}`;
}

// What follows walks zod's schema definitions, which zod 4 exposes on `_zod.def`.
interface SchemaNode {
  _zod: { def: { type: string; [key: string]: unknown } };
}

/** The keys the object schema at `path` allows, to suggest one for an unknown key. */
export function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: SchemaNode | undefined = schema as unknown as SchemaNode;
  for (const segment of path) {
    node = node === undefined ? undefined : childOf(unwrap(node), segment);
  }
  if (node === undefined) return [];
  const def = unwrap(node)._zod.def;
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}

/** Through optional, default, prefault, preprocess and transform wrappers to the value's shape. */
function unwrap(node: SchemaNode): SchemaNode {
  for (;;) {
    const def = node._zod.def;
    if (def.innerType !== undefined) {
      node = def.innerType as SchemaNode;
    } else if (def.type === 'pipe') {
      const out = def.out as SchemaNode;
      node = out._zod.def.type === 'transform' ? (def.in as SchemaNode) : out;
    } else {
      return node;
    }
  }
}

function childOf(node: SchemaNode, segment: PropertyKey): SchemaNode | undefined {
  const def = node._zod.def;
  if (def.type === 'object') {
    const shape = def.shape as Record<PropertyKey, SchemaNode>;
    return Object.hasOwn(shape, segment) ? shape[segment] : undefined;
  }
  if (def.type === 'array') return def.element as SchemaNode;
  if (def.type === 'record') return def.valueType as SchemaNode;
  return undefined;
}
