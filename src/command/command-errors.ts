/**
 * Expected failures a person can act on. The command runner turns them into private answers;
 * anything else thrown by a command is unexpected, logged with an error id and apologised for.
 */

/** The arguments were wrong: the answer repeats the usage line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The request was understood but cannot be answered as asked (`no endpoint named "fraud-detecter"
 * in us-east-1 (known: fraud-detector, recsys-ranker)`). The message is shown as is.
 */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
}
