import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { awsServices } from '../protocol/aws-services.js';
import { awsQueryMap, queryErrorXml, queryResponseXml } from '../protocol/query-xml.js';
import { SimulatedAwsError } from '../protocol/simulated-aws-error.js';
import type { AwsSimulatorServer } from '../server/aws-simulator-server.js';
import type { SimulatedSns, SnsSubscription } from './simulated-sns.js';

/**
 * Serves SNS on the simulator: the awsQuery API the bot and tests use (CreateTopic, Subscribe,
 * ConfirmSubscription, ListSubscriptionsByTopic, Publish, …) and the plain URLs SNS puts in its
 * messages: SubscribeURL, UnsubscribeURL and SigningCertURL.
 */
export function registerSnsApi(server: AwsSimulatorServer, sns: SimulatedSns): void {
  const required = (input: Record<string, unknown>, name: string): string => {
    const value = input[name];
    if (typeof value !== 'string' || value === '') throw new SimulatedAwsError('InvalidParameter', `Invalid parameter: ${name} is required`, 400);
    return value;
  };
  const listed = (s: SnsSubscription) => ({
    SubscriptionArn: s.confirmed ? s.arn : 'PendingConfirmation',
    Owner: s.owner,
    Protocol: s.protocol,
    Endpoint: s.endpoint,
    TopicArn: s.topicArn,
  });

  server
    .register('sns', 'CreateTopic', (input, ctx) => ({ TopicArn: sns.createTopic(required(input, 'Name'), ctx.region) }))
    .register('sns', 'ListTopics', () => ({ Topics: sns.topics().map((t) => ({ TopicArn: t.arn })) }))
    .register('sns', 'GetTopicAttributes', (input) => {
      const topic = sns.topic(required(input, 'TopicArn'));
      const subscriptions = sns.subscriptions(topic.arn);
      return {
        Attributes: awsQueryMap({
          TopicArn: topic.arn,
          Owner: sns.accountId,
          DisplayName: topic.displayName,
          SignatureVersion: topic.signatureVersion,
          SubscriptionsConfirmed: String(subscriptions.filter((s) => s.confirmed).length),
          SubscriptionsPending: String(subscriptions.filter((s) => !s.confirmed).length),
          SubscriptionsDeleted: '0',
        }),
      };
    })
    .register('sns', 'SetTopicAttributes', (input) => {
      sns.setTopicAttribute(required(input, 'TopicArn'), required(input, 'AttributeName'), String(input.AttributeValue ?? ''));
      return {};
    })
    .register('sns', 'Subscribe', (input) => {
      const attributes = typeof input.Attributes === 'object' && input.Attributes !== null ? (input.Attributes as Record<string, string>) : {};
      const subscription = sns.subscribe(required(input, 'TopicArn'), { protocol: required(input, 'Protocol'), endpoint: required(input, 'Endpoint'), attributes });
      const returnArn = subscription.confirmed || input.ReturnSubscriptionArn === 'true' || input.ReturnSubscriptionArn === true;
      return { SubscriptionArn: returnArn ? subscription.arn : 'pending confirmation' };
    })
    .register('sns', 'ConfirmSubscription', (input) => ({
      SubscriptionArn: sns.confirmSubscription(required(input, 'Token'), required(input, 'TopicArn')).arn,
    }))
    .register('sns', 'ListSubscriptionsByTopic', (input) => ({
      Subscriptions: sns.subscriptions(sns.topic(required(input, 'TopicArn')).arn).map(listed),
    }))
    .register('sns', 'ListSubscriptions', () => ({ Subscriptions: sns.subscriptions().map(listed) }))
    .register('sns', 'GetSubscriptionAttributes', (input) => {
      const subscription = sns.subscription(required(input, 'SubscriptionArn'));
      return {
        Attributes: awsQueryMap({
          SubscriptionArn: subscription.arn,
          TopicArn: subscription.topicArn,
          Protocol: subscription.protocol,
          Endpoint: subscription.endpoint,
          Owner: subscription.owner,
          PendingConfirmation: String(!subscription.confirmed),
          ConfirmationWasAuthenticated: String(subscription.confirmed),
          RawMessageDelivery: String(subscription.rawMessageDelivery),
        }),
      };
    })
    .register('sns', 'SetSubscriptionAttributes', (input) => {
      sns.setSubscriptionAttribute(required(input, 'SubscriptionArn'), required(input, 'AttributeName'), String(input.AttributeValue ?? ''));
      return {};
    })
    .register('sns', 'Unsubscribe', (input) => {
      sns.unsubscribe(required(input, 'SubscriptionArn'));
      return {};
    })
    .register('sns', 'Publish', (input) => {
      const topicArn = typeof input.TopicArn === 'string' ? input.TopicArn : required(input, 'TargetArn');
      const subject = typeof input.Subject === 'string' ? input.Subject : undefined;
      return { MessageId: sns.publish(topicArn, { ...(subject !== undefined && { subject }), message: required(input, 'Message') }).messageId };
    });

  // The URLs in SNS messages are fetched by plain, unsigned GETs, as from a browser.
  server
    .addHttpRoute({
      method: 'GET',
      path: '/sns/confirm',
      handle: (_req, res, url) =>
        answer(res, 'ConfirmSubscription', () => ({
          SubscriptionArn: sns.confirmSubscription(url.searchParams.get('Token') ?? '', url.searchParams.get('TopicArn') ?? undefined).arn,
        })),
    })
    .addHttpRoute({
      method: 'GET',
      path: '/sns/unsubscribe',
      handle: (_req, res, url) =>
        answer(res, 'Unsubscribe', () => {
          sns.unsubscribe(url.searchParams.get('SubscriptionArn') ?? '');
          return {};
        }),
    })
    .addHttpRoute({
      method: 'GET',
      path: sns.certificatePath,
      handle: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/x-x509-ca-cert', 'content-length': String(Buffer.byteLength(sns.certificate.certificatePem)) });
        res.end(sns.certificate.certificatePem);
      },
    });
}

function answer(res: ServerResponse, operation: string, run: () => unknown): void {
  const requestId = randomUUID();
  const namespace = awsServices.sns.xmlNamespace ?? '';
  try {
    const body = queryResponseXml(operation, run(), requestId, namespace);
    res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
    res.end(body);
  } catch (error) {
    if (!(error instanceof SimulatedAwsError)) throw error;
    res.writeHead(error.httpStatus, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
    res.end(queryErrorXml({ type: error.faultType, code: error.code, message: error.message }, requestId, namespace));
  }
}
