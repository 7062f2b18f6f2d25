import type { ServiceName } from './aws-services.js';

/**
 * An error the simulator answers the way AWS does, so the SDK raises the exception class of
 * that name (`ResourceNotFound`, `ValidationException`, `ThrottlingException`…). Operation
 * handlers throw it; the server serialises it in the protocol of the request.
 */
export class SimulatedAwsError extends Error {
  override readonly name = 'SimulatedAwsError';
  readonly httpStatus: number;

  constructor(
    /** The AWS error code, e.g. `ResourceNotFound` (SageMaker), `ResourceNotFoundException` (Logs, Lambda). */
    readonly code: string,
    message: string,
    httpStatus?: number,
  ) {
    super(message);
    this.httpStatus = httpStatus ?? defaultHttpStatus(code);
  }

  /** awsQuery's `<Type>` and the second half of `x-amzn-query-error`. */
  get faultType(): 'Sender' | 'Receiver' {
    return this.httpStatus >= 500 ? 'Receiver' : 'Sender';
  }
}

const serverErrorStatus: Record<string, number> = {
  InternalFailure: 500,
  InternalServiceError: 500,
  InternalServerError: 500,
  InternalServiceFault: 500,
  ServiceException: 500,
  ServiceUnavailable: 503,
  ServiceUnavailableException: 503,
};

/** JSON RPC services answer client errors with 400 (throttling included); REST services use 404/429 — pass those explicitly. */
export function defaultHttpStatus(code: string): number {
  if (code in serverErrorStatus) return serverErrorStatus[code] ?? 500;
  if (code.startsWith('AccessDenied') || code === 'MissingAuthenticationTokenException') return 403;
  return 400;
}

/**
 * The throttling error each service really answers with. All of them are recognised by the
 * SDK's retry strategy (@smithy/core/retry THROTTLING_ERROR_CODES, or status 429).
 */
export function throttlingErrorFor(service: ServiceName, operation: string): SimulatedAwsError {
  const message = `Rate exceeded for ${operation} (simulated fault)`;
  switch (service) {
    case 'cloudwatch':
    case 'sts':
      return new SimulatedAwsError('Throttling', message, 400);
    case 'sns':
      return new SimulatedAwsError('Throttled', message, 429);
    case 'cost-explorer':
      return new SimulatedAwsError('LimitExceededException', message, 400);
    case 'lambda':
      return new SimulatedAwsError('TooManyRequestsException', message, 429);
    case 'xray':
      return new SimulatedAwsError('ThrottledException', message, 429);
    case 'sqs':
      return new SimulatedAwsError('RequestThrottled', message, 403);
    default:
      return new SimulatedAwsError('ThrottlingException', message, 400);
  }
}

export function internalFailure(operation: string): SimulatedAwsError {
  return new SimulatedAwsError('InternalFailure', `The request processing of ${operation} has failed because of an unknown error (simulated fault)`, 500);
}

/**
 * CloudWatch is awsQueryCompatible: the SDK takes the error code from the
 * `x-amzn-query-error: <Code>;<Sender|Receiver>` header and finds the exception by its
 * `awsQueryError` trait (client-cloudwatch/dist-es/schemas). Shape name → query code, for the
 * shapes whose query code differs from their name; a handler may throw either spelling.
 */
const cloudWatchQueryCodes: Record<string, string> = {
  DashboardInvalidInputError: 'InvalidParameterInput',
  DashboardNotFoundError: 'ResourceNotFound',
  InternalServiceFault: 'InternalServiceError',
  InvalidFormatFault: 'InvalidFormat',
  InvalidParameterCombinationException: 'InvalidParameterCombination',
  InvalidParameterValueException: 'InvalidParameterValue',
  LimitExceededFault: 'LimitExceeded',
  MissingRequiredParameterException: 'MissingParameter',
  ValidationException: 'ValidationError',
  ThrottlingException: 'Throttling',
};

/** The same for SQS (client-sqs/dist-cjs schemas, `awsQueryError` traits). */
const sqsQueryCodes: Record<string, string> = {
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  QueueNameExists: 'QueueAlreadyExists',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
};

/** The code an awsQuery (or query-compatible) answer carries for this error. */
export function queryErrorCode(service: ServiceName, code: string): string {
  if (service === 'cloudwatch') return cloudWatchQueryCodes[code] ?? code;
  if (service === 'sqs') return sqsQueryCodes[code] ?? code;
  return code;
}
