import { describe, expect, it } from 'vitest';
import { freshSimulator } from '../server/simulator-test-kit.js';
import { validateWithSnsValidator, verifySnsSignature } from './independent-sns-verifier.js';
import { snsQuery, xmlValues } from './sns-query-client.js';
import { startSnsTestEndpoint, type SnsTestEndpoint } from './sns-test-endpoint.js';
import type { AwsSimulator } from '../../../../src/sim/aws/server/start-aws-simulator.js';

const topicArn = 'arn:aws:sns:us-east-1:123456789012:ml-alarms';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Subscribes the endpoint through the query API and confirms it by fetching SubscribeURL. */
async function confirmedSubscriber(sim: AwsSimulator, endpoint: SnsTestEndpoint): Promise<string> {
  await snsQuery(sim, 'Subscribe', { TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint.url });
  const confirmation = await endpoint.next('SubscriptionConfirmation');
  const confirmed = await fetch(confirmation.message.SubscribeURL ?? '');
  return xmlValues(await confirmed.text(), 'SubscriptionArn')[0] ?? '';
}

describe('SNS subscription handshake', () => {
  it('Subscribe sends a signed SubscriptionConfirmation; fetching its SubscribeURL confirms', async () => {
    const sim = await freshSimulator();
    const endpoint = await startSnsTestEndpoint();

    const subscribed = await snsQuery(sim, 'Subscribe', { TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint.url });
    const confirmation = await endpoint.next('SubscriptionConfirmation');

    expect(xmlValues(subscribed.xml, 'SubscriptionArn')).toEqual(['pending confirmation']);
    expect(confirmation.method).toBe('POST');
    expect(confirmation.headers).toMatchObject({
      'content-type': 'text/plain; charset=UTF-8',
      'x-amz-sns-message-type': 'SubscriptionConfirmation',
      'x-amz-sns-message-id': confirmation.message.MessageId,
      'x-amz-sns-topic-arn': topicArn,
    });
    expect(Object.keys(confirmation.message)).toEqual(['Type', 'MessageId', 'Token', 'TopicArn', 'Message', 'SubscribeURL', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL']);
    expect(await verifySnsSignature(confirmation.message)).toBe(true);
    await validateWithSnsValidator(confirmation.message);
    const pending = await snsQuery(sim, 'ListSubscriptionsByTopic', { TopicArn: topicArn });
    expect(xmlValues(pending.xml, 'SubscriptionArn')).toEqual(['PendingConfirmation']);

    const confirmed = await fetch(confirmation.message.SubscribeURL ?? '');
    const subscriptionArn = xmlValues(await confirmed.text(), 'SubscriptionArn')[0] ?? '';

    expect(confirmed.status).toBe(200);
    expect(subscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));
    const listed = await snsQuery(sim, 'ListSubscriptionsByTopic', { TopicArn: topicArn });
    expect(xmlValues(listed.xml, 'SubscriptionArn')).toEqual([subscriptionArn]);
    expect(xmlValues(listed.xml, 'Endpoint')).toEqual([endpoint.url]);
  });

  it('an unconfirmed subscription receives no notifications', async () => {
    const sim = await freshSimulator();
    const endpoint = await startSnsTestEndpoint();
    sim.sns.subscribe(topicArn, { protocol: 'http', endpoint: endpoint.url });
    await endpoint.next('SubscriptionConfirmation');

    const attempts = await sim.sns.publish(topicArn, { message: 'hello' }).delivered;

    expect(attempts).toEqual([]);
    expect(endpoint.received.map((r) => r.message.Type)).toEqual(['SubscriptionConfirmation']);
  });

  it('fetching the UnsubscribeURL removes the subscription and sends an UnsubscribeConfirmation', async () => {
    const sim = await freshSimulator();
    const endpoint = await startSnsTestEndpoint();
    await confirmedSubscriber(sim, endpoint);
    await sim.sns.publish(topicArn, { message: 'one' }).delivered;
    const notification = await endpoint.next('Notification');

    const unsubscribed = await fetch(notification.message.UnsubscribeURL ?? '');
    const goodbye = await endpoint.next('UnsubscribeConfirmation');

    expect(unsubscribed.status).toBe(200);
    expect(sim.sns.subscriptions(topicArn)).toEqual([]);
    expect(await verifySnsSignature(goodbye.message)).toBe(true);
  });
});

describe('SNS notifications', () => {
  it('a published message arrives as a Notification signed with SignatureVersion 2', async () => {
    const sim = await freshSimulator();
    const endpoint = await startSnsTestEndpoint();
    const subscriptionArn = await confirmedSubscriber(sim, endpoint);

    const { messageId } = sim.sns.publish(topicArn, { subject: 'ALARM: "fraud-detector-p99-latency" in US East (N. Virginia)', message: '{"AlarmName":"fraud-detector-p99-latency"}' });
    const notification = await endpoint.next('Notification');

    expect(notification.headers).toMatchObject({
      'content-type': 'text/plain; charset=UTF-8',
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': messageId,
      'x-amz-sns-topic-arn': topicArn,
      'x-amz-sns-subscription-arn': subscriptionArn,
    });
    const message = notification.message;
    expect(Object.keys(message)).toEqual(['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL']);
    expect(message).toMatchObject({ Type: 'Notification', MessageId: messageId, TopicArn: topicArn, Message: '{"AlarmName":"fraud-detector-p99-latency"}', SignatureVersion: '2' });
    expect(message.MessageId).toMatch(uuid);
    expect(message.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(message.SigningCertURL).toMatch(/\/sns\/SimpleNotificationService-[0-9a-f]{32}\.pem$/);
    expect(await verifySnsSignature(message)).toBe(true);
    await validateWithSnsValidator(message);
  });

  it('SignatureVersion 1 (SHA1) verifies too, set at start or by the topic attribute', async () => {
    const sim = await freshSimulator({ snsSignatureVersion: '1' });
    const endpoint = await startSnsTestEndpoint();
    await confirmedSubscriber(sim, endpoint);

    sim.sns.publish(topicArn, { subject: 'OK: "churn-model-errors" in US East (N. Virginia)', message: 'recovered' });
    const v1 = (await endpoint.next('Notification')).message;
    await snsQuery(sim, 'SetTopicAttributes', { TopicArn: topicArn, AttributeName: 'SignatureVersion', AttributeValue: '2' });
    sim.sns.publish(topicArn, { message: 'no subject' });
    const v2 = (await endpoint.next('Notification')).message;

    const attributes = await snsQuery(sim, 'GetTopicAttributes', { TopicArn: topicArn });
    expect(attributes.xml).toContain('<entry><key>SignatureVersion</key><value>2</value></entry>');
    expect(v1.SignatureVersion).toBe('1');
    expect(await verifySnsSignature(v1)).toBe(true);
    await validateWithSnsValidator(v1);
    expect(v2.SignatureVersion).toBe('2');
    expect('Subject' in v2).toBe(false);
    expect(await verifySnsSignature(v2)).toBe(true);
    await validateWithSnsValidator(v2);
  });

  it('a tampered message fails verification', async () => {
    const sim = await freshSimulator();
    const endpoint = await startSnsTestEndpoint();
    await confirmedSubscriber(sim, endpoint);
    sim.sns.publish(topicArn, { message: 'scale to 2' });
    const message = (await endpoint.next('Notification')).message;
    expect(await verifySnsSignature({ ...message, Message: 'scale to 200' })).toBe(false);
    await expect(validateWithSnsValidator({ ...message, Message: 'scale to 200' })).rejects.toThrow('The message signature is invalid.');
  });

  it('Publish through the query API returns the MessageId the subscriber receives', async () => {
    const sim = await freshSimulator();
    const endpoint = await startSnsTestEndpoint();
    await confirmedSubscriber(sim, endpoint);

    const published = await snsQuery(sim, 'Publish', { TopicArn: topicArn, Subject: 'test', Message: 'a & b < c' });
    const notification = await endpoint.next('Notification');

    expect(xmlValues(published.xml, 'MessageId')).toEqual([notification.message.MessageId]);
    expect(notification.message.Message).toBe('a & b < c');
  });

  it('publishing to a topic that does not exist answers NotFound', async () => {
    const sim = await freshSimulator();
    const answer = await snsQuery(sim, 'Publish', { TopicArn: 'arn:aws:sns:us-east-1:123456789012:nope', Message: 'x' });
    expect(answer.status).toBe(404);
    expect(xmlValues(answer.xml, 'Code')).toEqual(['NotFound']);
  });
});

describe('SNS delivery retries', () => {
  const fast = { retryDelayMs: 5, timeoutMs: 200 };

  it('a 500 answer is retried with the same MessageId until delivered', async () => {
    const sim = await freshSimulator({ snsDelivery: fast });
    const endpoint = await startSnsTestEndpoint();
    await confirmedSubscriber(sim, endpoint);
    let notifications = 0;
    endpoint.respondWith((request) => (request.message.Type === 'Notification' && ++notifications <= 2 ? 500 : 200));

    const attempts = await sim.sns.publish(topicArn, { message: 'retry me' }).delivered;

    expect(attempts.map((a) => [a.attempt, a.status, a.outcome])).toEqual([
      [1, 500, 'retrying'],
      [2, 500, 'retrying'],
      [3, 200, 'delivered'],
    ]);
    const ids = endpoint.received.filter((r) => r.message.Type === 'Notification').map((r) => r.headers['x-amz-sns-message-id']);
    expect(new Set(ids).size).toBe(1);
  });

  it('a 400 answer counts as delivered and is not retried', async () => {
    const sim = await freshSimulator({ snsDelivery: fast });
    const endpoint = await startSnsTestEndpoint();
    await confirmedSubscriber(sim, endpoint);
    endpoint.respondWith(() => 400);

    const attempts = await sim.sns.publish(topicArn, { message: 'forged?' }).delivered;

    expect(attempts.map((a) => [a.attempt, a.status, a.outcome])).toEqual([[1, 400, 'delivered']]);
  });

  it('after 3 retries a failing endpoint gives up', async () => {
    const sim = await freshSimulator({ snsDelivery: fast });
    const endpoint = await startSnsTestEndpoint();
    await confirmedSubscriber(sim, endpoint);
    endpoint.respondWith(() => 503);

    const attempts = await sim.sns.publish(topicArn, { message: 'down' }).delivered;

    expect(attempts.map((a) => a.outcome)).toEqual(['retrying', 'retrying', 'retrying', 'failed']);
    expect(sim.sns.deliveries.filter((d) => d.type === 'Notification')).toHaveLength(4);
  });

  it('an endpoint that does not answer in time is retried', async () => {
    const sim = await freshSimulator({ snsDelivery: { retryDelayMs: 5, timeoutMs: 100 } });
    const endpoint = await startSnsTestEndpoint();
    await confirmedSubscriber(sim, endpoint);
    let notifications = 0;
    endpoint.respondWith((request) => (request.message.Type === 'Notification' && ++notifications === 1 ? 'hang' : 200));

    const attempts = await sim.sns.publish(topicArn, { message: 'slow' }).delivered;

    expect(attempts[0]).toMatchObject({ attempt: 1, outcome: 'retrying' });
    expect(attempts[0]?.status).toBeUndefined();
    expect(attempts[0]?.error).toContain('no answer within 100 ms');
    expect(attempts[1]).toMatchObject({ attempt: 2, status: 200, outcome: 'delivered' });
  });

  it('closing the simulator stops pending retries', async () => {
    const sim = await freshSimulator({ snsDelivery: { retryDelayMs: 60_000, timeoutMs: 200 } });
    const endpoint = await startSnsTestEndpoint();
    await confirmedSubscriber(sim, endpoint);
    endpoint.respondWith(() => 500);
    const { delivered } = sim.sns.publish(topicArn, { message: 'never' });
    await endpoint.next('Notification');

    await sim.close();

    expect((await delivered).map((a) => a.outcome)).toEqual(['retrying']);
  });
});
