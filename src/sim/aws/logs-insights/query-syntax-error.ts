/**
 * A query the simulator cannot run. StartQuery answers it as `MalformedQueryException`, the
 * same error code the real service uses, so callers exercise their error path for real.
 */
export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';
  /** The AWS error code a simulated StartQuery should answer with. */
  readonly code = 'MalformedQueryException';

  constructor(
    message: string,
    /** 1-based position of the offending symbol in the query string. */
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }

  /** `<what> at line L and column C: <detail>`, the shape of the service's own messages. */
  static at(queryString: string, offset: number, what: string, detail?: string): QuerySyntaxError {
    const { line, column } = positionOf(queryString, offset);
    const where = `${what} at line ${line} and column ${column}`;
    return new QuerySyntaxError(detail === undefined ? where : `${where}: ${detail}`, line, column);
  }
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
