import type { ServerResponse } from 'node:http';
import { awsServices, type ServiceName, type WireProtocol } from './aws-services.js';
import { toAwsJson } from './aws-json.js';
import { queryErrorXml, queryResponseXml } from './query-xml.js';
import { queryErrorCode, type SimulatedAwsError } from './simulated-aws-error.js';

/** What the answer to one request needs to know about it. */
export interface AwsExchange {
  protocol: WireProtocol;
  service: ServiceName | undefined;
  operation: string | undefined;
  requestId: string;
  /** restJson1 success status from the route. */
  successStatus?: number;
}

const jsonContentType = (protocol: WireProtocol): string =>
  protocol === 'awsJson1_0' ? 'application/x-amz-json-1.0' : protocol === 'awsJson1_1' ? 'application/x-amz-json-1.1' : 'application/json';

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

export function writeAwsResult(res: ServerResponse, exchange: AwsExchange, output: unknown): number {
  const { protocol, requestId } = exchange;
  if (protocol === 'awsQuery') {
    const namespace = exchange.service ? (awsServices[exchange.service].xmlNamespace ?? '') : '';
    send(res, 200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, queryResponseXml(exchange.operation ?? 'Unknown', output, requestId, namespace));
    return 200;
  }
  const status = protocol === 'restJson1' ? (exchange.successStatus ?? 200) : 200;
  send(res, status, { 'content-type': jsonContentType(protocol), 'x-amzn-requestid': requestId }, toAwsJson(output));
  return status;
}

/**
 * Errors the way each protocol's deserializer looks for the code (@smithy/core
 * loadJsonRpcErrorCode / loadRestJsonErrorCode, @aws-sdk/core AwsQueryProtocol):
 * JSON RPC `__type` in the body (plus `x-amzn-query-error: Code;Sender` for CloudWatch, which
 * the SDK reads first), REST `x-amzn-ErrorType`, awsQuery `<ErrorResponse><Error><Code>`.
 */
export function writeAwsError(res: ServerResponse, exchange: AwsExchange, error: SimulatedAwsError): number {
  const { protocol, requestId, service } = exchange;
  const status = error.httpStatus;
  const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
  if (protocol === 'awsQuery') {
    const namespace = service ? (awsServices[service].xmlNamespace ?? '') : '';
    const code = service ? queryErrorCode(service, error.code) : error.code;
    send(res, status, { ...headers, 'content-type': 'text/xml' }, queryErrorXml({ type: error.faultType, code, message: error.message }, requestId, namespace));
    return status;
  }
  if (protocol === 'restJson1') {
    headers['x-amzn-errortype'] = error.code;
    const body = { Type: error.faultType === 'Sender' ? 'User' : 'Service', message: error.message, Message: error.message };
    send(res, status, { ...headers, 'content-type': 'application/json' }, JSON.stringify(body));
    return status;
  }
  if (service && awsServices[service].awsQueryCompatible) {
    headers['x-amzn-query-error'] = `${queryErrorCode(service, error.code)};${error.faultType}`;
  }
  send(res, status, { ...headers, 'content-type': jsonContentType(protocol) }, JSON.stringify({ __type: error.code, message: error.message }));
  return status;
}
