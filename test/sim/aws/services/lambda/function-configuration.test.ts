import { GetFunctionConfigurationCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { PREPROCESS_MEMORY } from '../../../../../src/sim/fleet/index.js';
import { clientConfig } from '../../server/simulator-test-kit.js';
import { controlPlaneWorld, MINUTE, rejection } from '../sagemaker/control-plane-world.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:fraud-preprocess';

describe('Lambda GetFunctionConfiguration', () => {
  it('describes fraud-preprocess: 1 GB, 3 s timeout, Python, the Lambda Insights layer', async () => {
    const { clients } = await controlPlaneWorld();
    const fn = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fraud-preprocess' }));
    expect(fn).toMatchObject({
      FunctionName: 'fraud-preprocess',
      FunctionArn: ARN,
      Runtime: 'python3.12',
      Handler: 'app.handler',
      MemorySize: 1024,
      Timeout: 3,
      Version: '$LATEST',
      TracingConfig: { Mode: 'Active' },
      State: 'Active',
      LastUpdateStatus: 'Successful',
      LoggingConfig: { LogGroup: '/aws/lambda/fraud-preprocess' },
    });
    expect(fn.Layers?.map((l) => l.Arn)).toEqual([expect.stringMatching(/^arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:\d+$/)]);
    expect(fn.LastModified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  });

  it('preprocess-memory: LastModified and Description are deploy-bot’s update 40 minutes before the incident', async () => {
    const { clients, fleet } = await controlPlaneWorld({ scenario: 'preprocess-memory' });
    const fn = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fraud-preprocess' }));
    const deployedAt = new Date(fleet.incidentAt.getTime() - PREPROCESS_MEMORY.deployMinutesBefore * MINUTE);
    expect(fn.LastModified).toBe(deployedAt.toISOString().replace('Z', '+0000'));
    expect(fn.LastModified).toBe('2026-11-23T14:20:00.000+0000');
    expect(fn.Description).toContain('v2.4.0');
  });

  it('takes the function’s ARN, a partial ARN and the $LATEST qualifier', async () => {
    const { clients } = await controlPlaneWorld();
    for (const FunctionName of [ARN, '123456789012:function:fraud-preprocess', `${ARN}:$LATEST`, 'fraud-preprocess:$LATEST']) {
      expect((await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName }))).FunctionName, FunctionName).toBe('fraud-preprocess');
    }
    const qualified = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fraud-preprocess', Qualifier: '$LATEST' }));
    expect(qualified.Version).toBe('$LATEST');
  });

  it('an unknown function or version is ResourceNotFoundException (404) naming its ARN', async () => {
    const { clients } = await controlPlaneWorld();
    const missing = await rejection(clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fraud-preproces' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toBe('Function not found: arn:aws:lambda:us-east-1:123456789012:function:fraud-preproces');
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    const version = await rejection(clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fraud-preprocess', Qualifier: '7' })));
    expect(version.message).toBe(`Function not found: ${ARN}:7`);
    const otherAccount = await rejection(clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'arn:aws:lambda:us-east-1:210987654321:function:fraud-preprocess' })));
    expect(otherAccount.name).toBe('ResourceNotFoundException');
  });

  it('a name breaking Lambda’s pattern fails validation', async () => {
    const { clients } = await controlPlaneWorld();
    const error = await rejection(clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fraud preprocess' })));
    expect(error.name).toBe('ValidationException');
  });

  it('another region has no functions', async () => {
    const world = await controlPlaneWorld();
    const west = new LambdaClient(clientConfig(world.aws, { region: 'us-west-2', maxAttempts: 1 }));
    const error = await rejection(west.send(new GetFunctionConfigurationCommand({ FunctionName: 'fraud-preprocess' })));
    expect(error.message).toBe('Function not found: arn:aws:lambda:us-west-2:123456789012:function:fraud-preprocess');
    expect((await west.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
  });
});

describe('Lambda ListFunctions', () => {
  it('lists the fleet’s one function with the same configuration', async () => {
    const { clients } = await controlPlaneWorld();
    const { Functions, NextMarker } = await clients.lambda.send(new ListFunctionsCommand({ MaxItems: 10 }));
    const single = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'fraud-preprocess' }));
    expect(Functions).toHaveLength(1);
    const { $metadata: _, ...configuration } = single;
    expect(Functions?.[0]).toEqual(configuration);
    expect(NextMarker).toBeUndefined();
  });
});
