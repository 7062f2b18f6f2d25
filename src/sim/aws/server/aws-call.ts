import type { ServiceName, WireProtocol } from '../protocol/aws-services.js';
import type { InjectedFault } from './fault-injector.js';

/** One AWS API call the simulator answered; tests count them (`server.calls`). */
export interface AwsCall {
  service: ServiceName | undefined;
  operation: string | undefined;
  protocol: WireProtocol;
  region: string | undefined;
  /** HTTP status of the answer. */
  status: number;
  /** The AWS error code when the call failed. */
  errorCode?: string;
  errorMessage?: string;
  /** Set when `--faults` made this call fail. */
  fault?: InjectedFault;
  durationMs: number;
  requestId: string;
  at: Date;
}
