/** Where an expression sits in the query string; its text names unaliased result columns. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%' | '^';
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface CallExpression extends Span {
  readonly kind: 'call';
  /** Lower-cased: function names are case-insensitive. */
  readonly name: string;
  readonly args: readonly Expression[];
}

export type Expression =
  | (Span & { readonly kind: 'field'; readonly name: string })
  | (Span & { readonly kind: 'literal'; readonly value: string | number })
  /** Only as the argument of `bin()`. */
  | (Span & { readonly kind: 'duration'; readonly milliseconds: number })
  /** `*` in `count(*)`. */
  | (Span & { readonly kind: 'star' })
  | CallExpression
  | (Span & { readonly kind: 'negate'; readonly operand: Expression })
  | (Span & { readonly kind: 'not'; readonly operand: Expression })
  | (Span & { readonly kind: 'arithmetic'; readonly operator: ArithmeticOperator } & Operands)
  | (Span & { readonly kind: 'compare'; readonly operator: ComparisonOperator } & Operands)
  | (Span & { readonly kind: 'logical'; readonly operator: 'and' | 'or' } & Operands)
  /** `like` / `=~`: a regular expression, or a plain string matched as a substring. */
  | (Span & { readonly kind: 'match'; readonly negated: boolean; readonly subject: Expression; readonly pattern: RegExp | string })
  | (Span & {
      readonly kind: 'membership';
      readonly negated: boolean;
      readonly subject: Expression;
      readonly items: readonly Expression[];
    });

interface Operands {
  readonly left: Expression;
  readonly right: Expression;
}

/** An expression and the result column it fills: its alias, or its text as written. */
export interface NamedExpression {
  readonly expression: Expression;
  readonly name: string;
}

export interface SortKey {
  /** A column produced earlier (`count(*)`, an alias) is sorted by its value; otherwise the expression is evaluated. */
  readonly name: string;
  readonly expression: Expression;
  readonly descending: boolean;
}

export type QueryCommand =
  | { readonly kind: 'fields'; readonly items: readonly NamedExpression[] }
  | { readonly kind: 'display'; readonly names: readonly string[] }
  | { readonly kind: 'filter'; readonly condition: Expression }
  | { readonly kind: 'stats'; readonly aggregates: readonly NamedExpression[]; readonly groupBy: readonly NamedExpression[] }
  | { readonly kind: 'sort'; readonly keys: readonly SortKey[] }
  | { readonly kind: 'limit'; readonly count: number }
  | {
      readonly kind: 'parse';
      readonly source: Expression;
      readonly extractor: RegExp;
      /** Field names in capture-group order (glob), or the regex's named groups. */
      readonly names: readonly string[];
      readonly namedGroups: boolean;
    }
  | { readonly kind: 'dedup'; readonly names: readonly string[] }
  | { readonly kind: 'pattern'; readonly source: Expression };

export type StatsCommand = Extract<QueryCommand, { kind: 'stats' }>;

/** A query checked once and runnable many times. */
export interface ParsedQuery {
  readonly queryString: string;
  readonly commands: readonly QueryCommand[];
}
