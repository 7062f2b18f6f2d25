/**
 * awsQuery request parameters (`Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=a`)
 * turned into the JSON-shaped input the JSON protocols would have carried, so one handler serves
 * both: `X.member.N` → arrays, `X.entry.N.key/value` (or `.Name/.Value`) → maps, `A.B` → nested.
 * Without a schema, scalars stay strings (`Period: "60"`).
 */

export interface QueryFormRequest {
  action: string | undefined;
  version: string | undefined;
  input: Record<string, unknown>;
}

type Tree = { [key: string]: Tree | string };

export function parseQueryForm(params: URLSearchParams): QueryFormRequest {
  const tree: Tree = {};
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    setPath(tree, key.split('.'), value);
  }
  const input = normalise(tree);
  return {
    action: params.get('Action') ?? undefined,
    version: params.get('Version') ?? undefined,
    input: typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {},
  };
}

function setPath(tree: Tree, path: string[], value: string): void {
  let node = tree;
  path.forEach((part, i) => {
    if (i === path.length - 1) {
      node[part] = value;
      return;
    }
    const next = node[part];
    if (typeof next === 'object') {
      node = next;
    } else {
      const created: Tree = {};
      node[part] = created;
      node = created;
    }
  });
}

const isIndex = (key: string): boolean => /^\d+$/.test(key);

function indexed(node: Tree): Array<Tree | string> {
  return Object.keys(node)
    .filter(isIndex)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => node[k] as Tree | string);
}

function normalise(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const only = keys.length === 1 ? keys[0] : undefined;
  const inner = only === undefined ? undefined : node[only];
  if (only === 'member' && typeof inner === 'object') return indexed(inner).map(normalise);
  if (only === 'entry' && typeof inner === 'object') {
    const map: Record<string, unknown> = {};
    for (const entry of indexed(inner)) {
      if (typeof entry !== 'object') continue;
      const key = entry['key'] ?? entry['Name'];
      const value = entry['value'] ?? entry['Value'];
      if (typeof key === 'string' && value !== undefined) map[key] = normalise(value);
    }
    return map;
  }
  if (keys.length > 0 && keys.every(isIndex)) return indexed(node).map(normalise);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = normalise(node[key] as Tree | string);
  return out;
}
