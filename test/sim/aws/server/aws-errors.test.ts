import { CloudWatchClient, DescribeAlarmsCommand, InvalidParameterValueException, ResourceNotFound as CloudWatchResourceNotFound } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, ResourceNotFoundException as LogsResourceNotFoundException, StopQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, LambdaClient, ResourceNotFoundException as LambdaResourceNotFoundException } from '@aws-sdk/client-lambda';
import { DescribeEndpointCommand, ListEndpointsCommand, ResourceNotFound, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetTraceSummariesCommand, InvalidRequestException, XRayClient } from '@aws-sdk/client-xray';
import { describe, expect, it } from 'vitest';
import { SimulatedAwsError } from '../../../../src/sim/aws/protocol/simulated-aws-error.js';
import { clientConfig, freshSimulator, sigV4Authorization } from './simulator-test-kit.js';

/** The error a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; $fault?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('simulated AWS errors surface in the SDK with their AWS names', () => {
  it('JSON 1.1 (SageMaker): ResourceNotFound and ValidationException', async () => {
    const sim = await freshSimulator();
    sim.server.register('sagemaker', 'DescribeEndpoint', (input) => {
      if (input.EndpointName === 'fraud-detecter') throw new SimulatedAwsError('ResourceNotFound', 'Could not find endpoint "fraud-detecter".');
      throw new SimulatedAwsError('ValidationException', 'Endpoint fraud-detector is not InService');
    });
    const client = new SageMakerClient(clientConfig(sim, { maxAttempts: 1 }));

    const notFound = await failure(client.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detecter' })));
    const invalid = await failure(client.send(new DescribeEndpointCommand({ EndpointName: 'fraud-detector' })));

    expect(notFound).toBeInstanceOf(ResourceNotFound);
    expect(notFound.name).toBe('ResourceNotFound');
    expect(notFound.message).toBe('Could not find endpoint "fraud-detecter".');
    expect(notFound.$metadata?.httpStatusCode).toBe(400);
    expect(invalid.name).toBe('ValidationException');
    expect(invalid.$fault).toBe('client');
    expect(sim.server.calls.map((c) => c.errorCode)).toEqual(['ResourceNotFound', 'ValidationException']);
  });

  it('JSON 1.1 (CloudWatch Logs): ResourceNotFoundException', async () => {
    const sim = await freshSimulator();
    sim.server.register('cloudwatch-logs', 'StopQuery', () => {
      throw new SimulatedAwsError('ResourceNotFoundException', 'The specified query could not be found.');
    });
    const error = await failure(new CloudWatchLogsClient(clientConfig(sim, { maxAttempts: 1 })).send(new StopQueryCommand({ queryId: 'q-1' })));
    expect(error).toBeInstanceOf(LogsResourceNotFoundException);
  });

  it('CloudWatch JSON 1.0 query-compatible: the code comes from x-amzn-query-error', async () => {
    const sim = await freshSimulator();
    sim.server.register('cloudwatch', 'DescribeAlarms', (input) => {
      if (input.AlarmNamePrefix === 'gone') throw new SimulatedAwsError('ResourceNotFound', 'no such alarm', 404);
      throw new SimulatedAwsError('InvalidParameterValueException', 'The parameter MaxRecords must be between 1 and 100.');
    });
    const client = new CloudWatchClient(clientConfig(sim, { maxAttempts: 1 }));

    const notFound = await failure(client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'gone' })));
    const invalid = await failure(client.send(new DescribeAlarmsCommand({ MaxRecords: 1000 })));

    expect(notFound).toBeInstanceOf(CloudWatchResourceNotFound);
    expect(notFound.name).toBe('ResourceNotFound');
    expect(invalid).toBeInstanceOf(InvalidParameterValueException);
    expect(invalid.name).toBe('InvalidParameterValueException');
    expect((invalid as unknown as { Code: string }).Code).toBe('InvalidParameterValue');
    expect(invalid.message).toBe('The parameter MaxRecords must be between 1 and 100.');
  });

  it('REST-JSON (Lambda, X-Ray): the code comes from x-amzn-ErrorType', async () => {
    const sim = await freshSimulator();
    sim.server.register('lambda', 'GetFunctionConfiguration', (input) => {
      throw new SimulatedAwsError('ResourceNotFoundException', `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${input.FunctionName}`, 404);
    });
    sim.server.register('xray', 'GetTraceSummaries', () => {
      throw new SimulatedAwsError('InvalidRequestException', 'Time range exceeds 6 hours');
    });

    const lambda = await failure(new LambdaClient(clientConfig(sim, { maxAttempts: 1 })).send(new GetFunctionConfigurationCommand({ FunctionName: 'nope' })));
    const xray = await failure(
      new XRayClient(clientConfig(sim, { maxAttempts: 1 })).send(new GetTraceSummariesCommand({ StartTime: new Date(0), EndTime: new Date() })),
    );

    expect(lambda).toBeInstanceOf(LambdaResourceNotFoundException);
    expect(lambda.message).toContain('Function not found');
    expect(lambda.$metadata?.httpStatusCode).toBe(404);
    expect(xray).toBeInstanceOf(InvalidRequestException);
    expect(xray.message).toBe('Time range exceeds 6 hours');
  });

  it('awsQuery (STS): the code comes from <ErrorResponse>', async () => {
    const sim = await freshSimulator();
    sim.server.register('sts', 'GetCallerIdentity', () => {
      throw new SimulatedAwsError('ExpiredToken', 'The security token included in the request is expired', 400);
    });
    const error = await failure(new STSClient(clientConfig(sim, { maxAttempts: 1 })).send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('ExpiredToken');
    expect(error.message).toBe('The security token included in the request is expired');
  });

  it('an unknown operation answers UnknownOperationException naming what the simulator supports', async () => {
    const sim = await freshSimulator();
    sim.server.register('sagemaker', 'DescribeEndpoint', () => ({}));
    const error = await failure(new SageMakerClient(clientConfig(sim, { maxAttempts: 1 })).send(new ListEndpointsCommand({})));
    expect(error.name).toBe('UnknownOperationException');
    expect(error.message).toBe('the simulator does not implement sagemaker ListEndpoints; it supports DescribeEndpoint');
  });

  it('a REST path nothing serves answers UnknownOperationException too', async () => {
    const sim = await freshSimulator();
    const error = await failure(new LambdaClient(clientConfig(sim, { maxAttempts: 1 })).send(new GetFunctionConfigurationCommand({ FunctionName: 'x' })));
    expect(error.name).toBe('UnknownOperationException');
    expect(error.message).toContain('GET /2015-03-31/functions/x/configuration');
  });

  it('malformed JSON answers SerializationException', async () => {
    const sim = await freshSimulator();
    sim.server.register('sagemaker', 'DescribeEndpoint', () => ({}));
    const response = await fetch(sim.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'SageMaker.DescribeEndpoint', 'content-type': 'application/x-amz-json-1.1', authorization: sigV4Authorization('sagemaker') },
      body: '{"EndpointName": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'SerializationException' });
  });

  it('an unsigned request answers MissingAuthenticationTokenException (403)', async () => {
    const sim = await freshSimulator();
    sim.server.register('sagemaker', 'DescribeEndpoint', () => ({}));
    const response = await fetch(sim.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'SageMaker.DescribeEndpoint', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a handler that crashes answers InternalFailure (500) and keeps serving', async () => {
    const sim = await freshSimulator();
    sim.server.register('sagemaker', 'DescribeEndpoint', () => {
      throw new TypeError('cannot read properties of undefined');
    });
    const error = await failure(new SageMakerClient(clientConfig(sim, { maxAttempts: 1 })).send(new DescribeEndpointCommand({ EndpointName: 'x' })));
    expect(error.name).toBe('InternalFailure');
    expect(error.$metadata?.httpStatusCode).toBe(500);
    expect(sim.server.calls[0]).toMatchObject({ status: 500, errorCode: 'InternalFailure' });
    expect(sim.server.calls[0]?.errorMessage).toContain('cannot read properties of undefined');
  });
});
