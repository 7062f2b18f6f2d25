// sns-validator (AWS's message validator for Node) ships no types.
declare module 'sns-validator' {
  class MessageValidator {
    constructor(hostPattern?: RegExp, encoding?: string);
    validate(message: string | Record<string, unknown>, callback: (error: Error | null, message?: Record<string, unknown>) => void): void;
  }
  export = MessageValidator;
}
