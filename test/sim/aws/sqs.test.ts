import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsSimulator } from '../../../src/sim/aws/server/start-aws-simulator.js';
import { clientConfig, freshSimulator } from './server/simulator-test-kit.js';
import { verifySnsSignature } from './sns/independent-sns-verifier.js';
import { snsQuery } from './sns/sns-query-client.js';

const clients: SQSClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

async function world(): Promise<{ sim: AwsSimulator; sqs: SQSClient; queueUrl: string }> {
  const sim = await freshSimulator();
  const sqs = new SQSClient({ ...clientConfig(sim), maxAttempts: 1 });
  clients.push(sqs);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'mlobs-alarms', Attributes: { VisibilityTimeout: '30' } }));
  return { sim, sqs, queueUrl: QueueUrl ?? '' };
}

async function receiveOne(sqs: SQSClient, queueUrl: string, visibility?: number) {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], ...(visibility === undefined ? {} : { VisibilityTimeout: visibility }) }),
  );
  return Messages ?? [];
}

describe('simulated SQS through @aws-sdk/client-sqs (JSON 1.0)', () => {
  it('creates a queue idempotently, finds it by name and describes it', async () => {
    const { sim, sqs, queueUrl } = await world();
    const again = await sqs.send(new CreateQueueCommand({ QueueName: 'mlobs-alarms', Attributes: { VisibilityTimeout: '30' } }));
    const byName = await sqs.send(new GetQueueUrlCommand({ QueueName: 'mlobs-alarms' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'one' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages', 'VisibilityTimeout'] }));

    expect(queueUrl).toBe(`${sim.url}/123456789012/mlobs-alarms`);
    expect(again.QueueUrl).toBe(queueUrl);
    expect(byName.QueueUrl).toBe(queueUrl);
    expect(Attributes).toEqual({ QueueArn: 'arn:aws:sqs:us-east-1:123456789012:mlobs-alarms', ApproximateNumberOfMessages: '1', VisibilityTimeout: '30' });
    expect(sim.server.calls[0]).toMatchObject({ service: 'sqs', operation: 'CreateQueue', protocol: 'awsJson1_0', status: 200 });
  });

  it('hides a received message for its visibility timeout and counts its receives', async () => {
    const { sqs, queueUrl } = await world();
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"AlarmName":"p99"}' }));

    const first = await receiveOne(sqs, queueUrl);
    const whileHidden = await receiveOne(sqs, queueUrl);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: first[0]?.ReceiptHandle, VisibilityTimeout: 0 }));
    const second = await receiveOne(sqs, queueUrl);

    expect(first.map((m) => [m.MessageId, m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([[sent.MessageId, '{"AlarmName":"p99"}', '1']]);
    expect(whileHidden).toEqual([]);
    expect(second.map((m) => [m.MessageId, m.Attributes?.ApproximateReceiveCount])).toEqual([[sent.MessageId, '2']]);
    expect(second[0]?.ReceiptHandle).not.toBe(first[0]?.ReceiptHandle);
  });

  it('deletes with the latest receipt handle only; an earlier one succeeds and deletes nothing', async () => {
    const { sim, sqs, queueUrl } = await world();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' }));
    const [first] = await receiveOne(sqs, queueUrl, 0);
    const [latest] = await receiveOne(sqs, queueUrl);

    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first?.ReceiptHandle }));
    const afterStale = sim.sqs.queueNamed('mlobs-alarms').peek().length;
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: latest?.ReceiptHandle }));

    expect(afterStale).toBe(1);
    expect(sim.sqs.queueNamed('mlobs-alarms').peek()).toEqual([]);
  });

  it('a long poll answers as soon as a message arrives', async () => {
    const { sqs, queueUrl } = await world();
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 }));
    // Give the poll time to reach the simulator and wait there; the message must end its wait, not precede it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'wake up' }));

    const answer = await Promise.race([polling, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 10_000))]);

    expect(answer === 'still waiting' ? answer : answer.Messages?.map((m) => m.Body)).toEqual(['wake up']);
  });

  it('an abandoned long poll takes no message with it', async () => {
    const { sim, sqs, queueUrl } = await world();
    const abort = new AbortController();
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }), { abortSignal: abort.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    abort.abort();
    await expect(polling).rejects.toThrow();
    // The simulator notices the hang-up when the socket closes.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'for the next poll' }));

    expect((await receiveOne(sqs, queueUrl)).map((m) => m.Body)).toEqual(['for the next poll']);
    expect(sim.sqs.queueNamed('mlobs-alarms').peek()[0]?.receiveCount).toBe(1);
  });

  it('DeleteMessageBatch answers per entry', async () => {
    const { sqs, queueUrl } = await world();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a' }));
    const [message] = await receiveOne(sqs, queueUrl);

    const answer = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: 'good', ReceiptHandle: message?.ReceiptHandle },
          { Id: 'forged', ReceiptHandle: 'not-a-receipt-handle' },
        ],
      }),
    );

    expect(answer.Successful?.map((e) => e.Id)).toEqual(['good']);
    expect(answer.Failed).toEqual([expect.objectContaining({ Id: 'forged', Code: 'ReceiptHandleIsInvalid', SenderFault: true })]);
    await expect(sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'a', ReceiptHandle: 'x' }, { Id: 'a', ReceiptHandle: 'y' }] }))).rejects.toMatchObject({
      name: 'BatchEntryIdsNotDistinct',
    });
  });

  it('answers AWS-shaped errors the SDK turns into its exception classes', async () => {
    const { sqs, queueUrl } = await world();
    const missing = sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl.replace('mlobs-alarms', 'no-such-queue') }));
    const forged = sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: 'forged' }));
    const tooMany = sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 11 }));

    await expect(missing).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(missing).rejects.toMatchObject({ Code: 'AWS.SimpleQueueService.NonExistentQueue', message: expect.stringContaining('no-such-queue') });
    await expect(forged).rejects.toBeInstanceOf(ReceiptHandleIsInvalid);
    await expect(tooMany).rejects.toMatchObject({ name: 'InvalidParameterValue', message: expect.stringContaining('MaxNumberOfMessages') });
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue', async () => {
    const { sim, sqs, queueUrl } = await world();
    const dead = await sqs.send(new CreateQueueCommand({ QueueName: 'mlobs-alarms-dlq' }));
    const deadArn = sim.sqs.queueNamed('mlobs-alarms-dlq').arn;
    const source = await sqs.send(new CreateQueueCommand({ QueueName: 'with-redrive', Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadArn, maxReceiveCount: 2 }) } }));
    await sqs.send(new SendMessageCommand({ QueueUrl: source.QueueUrl, MessageBody: 'poison' }));

    const receives = [await receiveOne(sqs, source.QueueUrl ?? '', 0), await receiveOne(sqs, source.QueueUrl ?? '', 0), await receiveOne(sqs, source.QueueUrl ?? '', 0)];

    expect(receives.map((r) => r.length)).toEqual([1, 1, 0]);
    expect((await receiveOne(sqs, dead.QueueUrl ?? '')).map((m) => m.Body)).toEqual(['poison']);
    expect(queueUrl).not.toBe(source.QueueUrl);
  });
});

describe('SNS delivering to an SQS subscription', () => {
  it('sends the signed JSON envelope, like an HTTP delivery', async () => {
    const { sim, sqs, queueUrl } = await world();
    const topicArn = sim.sns.defaultTopicArn;
    await snsQuery(sim, 'Subscribe', { TopicArn: topicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:123456789012:mlobs-alarms' });

    const published = sim.sns.publish(topicArn, { subject: 'ALARM: "p99" in US East (N. Virginia)', message: '{"AlarmName":"p99"}' });
    const [received] = await receiveOne(sqs, queueUrl);
    const envelope = JSON.parse(received?.Body ?? '{}') as Record<string, string>;

    expect(Object.keys(envelope)).toEqual(['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL']);
    expect(envelope).toMatchObject({ Type: 'Notification', MessageId: published.messageId, TopicArn: topicArn, Message: '{"AlarmName":"p99"}' });
    expect(await verifySnsSignature(envelope)).toBe(true);
    expect((await published.delivered).map((d) => d.outcome)).toEqual(['delivered']);
  });

  it('sends the bare message with RawMessageDelivery', async () => {
    const { sim, sqs, queueUrl } = await world();
    const topicArn = sim.sns.defaultTopicArn;
    await snsQuery(sim, 'Subscribe', {
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: 'arn:aws:sqs:us-east-1:123456789012:mlobs-alarms',
      'Attributes.entry.1.key': 'RawMessageDelivery',
      'Attributes.entry.1.value': 'true',
    });

    sim.sns.publish(topicArn, { subject: 'ALARM', message: '{"AlarmName":"p99"}' });

    expect((await receiveOne(sqs, queueUrl)).map((m) => m.Body)).toEqual(['{"AlarmName":"p99"}']);
  });

  it('refuses an sqs subscription to a queue that does not exist', async () => {
    const { sim } = await world();
    const answer = await snsQuery(sim, 'Subscribe', { TopicArn: sim.sns.defaultTopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:123456789012:nope' });

    expect(answer.status).toBe(400);
    expect(answer.xml).toContain('SQS endpoint ARN');
  });
});
