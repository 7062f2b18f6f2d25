/**
 * restJson1 operations are told apart by method and path (from the operation's `http` trait in
 * the SDK schemas, e.g. client-xray: `["POST", "/TraceSummaries", 200]`, client-lambda:
 * `["GET", "/2015-03-31/functions/{FunctionName}/configuration", 200]`).
 */

export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';
  /** Path template; `{Label}` matches one segment, `{Label+}` the rest of the path. */
  path: string;
  /** Success status (default 200). */
  status?: number;
  /** Query parameters the model types as numbers (query strings carry text). */
  numericQuery?: readonly string[];
}

/** Routes of the REST operations the bot calls, so their handlers register by name alone. */
export const knownRestRoutes: Readonly<Record<string, Readonly<Record<string, RestRoute>>>> = {
  xray: {
    GetTraceSummaries: { method: 'POST', path: '/TraceSummaries' },
    BatchGetTraces: { method: 'POST', path: '/Traces' },
    GetServiceGraph: { method: 'POST', path: '/ServiceGraph' },
    GetTraceGraph: { method: 'POST', path: '/TraceGraph' },
    GetTimeSeriesServiceStatistics: { method: 'POST', path: '/TimeSeriesServiceStatistics' },
    GetInsightSummaries: { method: 'POST', path: '/InsightSummaries' },
  },
  lambda: {
    GetFunctionConfiguration: { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/configuration' },
    GetFunction: { method: 'GET', path: '/2015-03-31/functions/{FunctionName}' },
    ListFunctions: { method: 'GET', path: '/2015-03-31/functions', numericQuery: ['MaxItems'] },
  },
};

const trimSlash = (p: string): string => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);

/** The labels of `path` if it matches the route's template, else undefined. */
export function matchRestPath(template: string, path: string): Record<string, string> | undefined {
  const want = trimSlash(template).split('/');
  const got = trimSlash(path).split('/');
  const labels: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] ?? '';
    const label = /^\{(\w+)(\+?)\}$/.exec(part);
    if (label?.[2] === '+') {
      const rest = got.slice(i);
      if (rest.length === 0 || rest.join('') === '') return undefined;
      labels[label[1] ?? ''] = rest.map(decodeURIComponent).join('/');
      return labels;
    }
    const segment = got[i];
    if (segment === undefined) return undefined;
    if (label) {
      if (segment === '') return undefined;
      labels[label[1] ?? ''] = decodeURIComponent(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return got.length === want.length ? labels : undefined;
}
