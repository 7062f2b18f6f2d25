/**
 * XML for awsQuery answers, written from the same JSON-shaped output the JSON protocols
 * serialise: structures become elements, arrays `<member>` lists, Dates ISO 8601. Maps can't be
 * told from structures without a schema, so a handler marks them with `awsQueryMap`.
 */

const queryMapMarker: unique symbol = Symbol('awsQueryMap');

/** A map member (e.g. SNS topic `Attributes`): `<entry><key>…</key><value>…</value></entry>` in XML, a plain object in JSON. */
export function awsQueryMap<V>(entries: Record<string, V>): Record<string, V> {
  // A symbol key is invisible to JSON.stringify, so JSON protocols see a plain object.
  return Object.assign(Object.create(null) as Record<string, V>, entries, { [queryMapMarker]: true });
}

function isQueryMap(value: object): boolean {
  return (value as { [queryMapMarker]?: boolean })[queryMapMarker] === true;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\r]/g, '&#13;');
}

function scalarText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return escapeXml(String(value));
}

/** The children of one element (not the element itself). */
export function xmlContent(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => `<member>${xmlContent(item)}</member>`).join('');
  if (value instanceof Date || typeof value !== 'object') return scalarText(value);
  if (isQueryMap(value)) {
    return Object.entries(value)
      .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${xmlContent(v)}</value></entry>`)
      .join('');
  }
  return Object.entries(value)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `<${k}>${xmlContent(v)}</${k}>`)
    .join('');
}

export function queryResponseXml(operation: string, output: unknown, requestId: string, xmlNamespace: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${operation}Response xmlns="${xmlNamespace}">` +
    `<${operation}Result>${xmlContent(output)}</${operation}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${operation}Response>\n`
  );
}

export function queryErrorXml(error: { type: string; code: string; message: string }, requestId: string, xmlNamespace: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse xmlns="${xmlNamespace}">` +
    `<Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId>` +
    `</ErrorResponse>\n`
  );
}
