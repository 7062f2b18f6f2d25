import { randomBytes, randomUUID } from 'node:crypto';
import { SimulatedAwsError } from '../protocol/simulated-aws-error.js';
import { defaultSnsDeliveryPolicy, deliverSnsMessage, type SnsDeliveryAttempt, type SnsDeliveryPolicy } from './sns-delivery.js';
import { signSnsMessage, type SignedSnsMessage, type SnsSignatureVersion } from './sns-message.js';
import { sharedSnsSigningCertificate, type SnsSigningCertificate } from './sns-signing-certificate.js';

/**
 * Simulated Amazon SNS (src/sim/aws/sns/): topics, HTTP(S) subscriptions with the
 * SubscriptionConfirmation handshake, signed deliveries with SNS's retry policy, and SQS
 * subscriptions (the signed JSON envelope, or the bare message with `RawMessageDelivery`). The
 * query API (`registerSnsApi`) and the alarm evaluator drive it; tests read `deliveries`.
 */
export interface SnsTopic {
  arn: string;
  name: string;
  signatureVersion: SnsSignatureVersion;
  displayName: string;
}

export interface SnsSubscription {
  arn: string;
  topicArn: string;
  protocol: 'http' | 'https' | 'sqs';
  /** A URL, or for `sqs` the queue ARN. */
  endpoint: string;
  owner: string;
  token: string;
  confirmed: boolean;
  /** The bare `Message`, with no envelope and no signature. */
  rawMessageDelivery: boolean;
}

/** How SNS reaches queues (the simulated SQS) without knowing how they are kept. */
export interface SnsQueueTargets {
  exists(queueArn: string): boolean;
  send(queueArn: string, body: string): void;
}

export interface PublishResult {
  messageId: string;
  /** Settles when every confirmed subscriber has the message or its retries ran out. */
  delivered: Promise<SnsDeliveryAttempt[]>;
}

export interface SimulatedSnsOptions {
  /** Base of SubscribeURL, UnsubscribeURL and SigningCertURL: the simulator's URL, known once it listens. */
  baseUrl: () => string;
  accountId?: string;
  region?: string;
  /** Default SignatureVersion of new topics ('2' unless told; the topic attribute overrides it). */
  signatureVersion?: SnsSignatureVersion;
  delivery?: Partial<SnsDeliveryPolicy>;
  clock?: () => Date;
  certificate?: SnsSigningCertificate;
  /** Topics that exist from the start (default `ml-alarms`). */
  topics?: string[];
  /** The queues `sqs` subscriptions deliver to; without it, SNS refuses the `sqs` protocol. */
  queues?: SnsQueueTargets;
}

export class SimulatedSns {
  readonly accountId: string;
  readonly region: string;
  readonly certificate: SnsSigningCertificate;
  readonly policy: SnsDeliveryPolicy;
  private readonly topicsByArn = new Map<string, SnsTopic>();
  private readonly subscriptionsByArn = new Map<string, SnsSubscription>();
  private readonly attempts: SnsDeliveryAttempt[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: (go: boolean) => void }>();
  private closed = false;

  constructor(private readonly options: SimulatedSnsOptions) {
    this.accountId = options.accountId ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
    this.certificate = options.certificate ?? sharedSnsSigningCertificate();
    this.policy = { ...defaultSnsDeliveryPolicy, ...options.delivery };
    for (const name of options.topics ?? ['ml-alarms']) this.createTopic(name);
  }

  /** `arn:aws:sns:us-east-1:123456789012:ml-alarms` unless other topics were asked for. */
  get defaultTopicArn(): string {
    const first = this.topicsByArn.keys().next();
    if (first.done) throw new Error('the simulated SNS has no topics');
    return first.value;
  }

  get certificatePath(): string {
    return `/sns/${this.certificate.fileName}`;
  }

  /** Every delivery attempt so far (confirmations and notifications), oldest first. */
  get deliveries(): readonly SnsDeliveryAttempt[] {
    return this.attempts;
  }

  /** Idempotent, like SNS: the same name gives the same ARN. */
  createTopic(name: string, region = this.region): string {
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(name)) throw new SimulatedAwsError('InvalidParameter', `Invalid parameter: Topic Name "${name}"`, 400);
    const arn = `arn:aws:sns:${region}:${this.accountId}:${name}`;
    if (!this.topicsByArn.has(arn)) {
      this.topicsByArn.set(arn, { arn, name, signatureVersion: this.options.signatureVersion ?? '2', displayName: '' });
    }
    return arn;
  }

  topic(arn: string): SnsTopic {
    const topic = this.topicsByArn.get(arn);
    if (!topic) throw new SimulatedAwsError('NotFound', `Topic does not exist: ${arn} (known: ${[...this.topicsByArn.keys()].join(', ')})`, 404);
    return topic;
  }

  topics(): SnsTopic[] {
    return [...this.topicsByArn.values()];
  }

  setTopicAttribute(arn: string, name: string, value: string): void {
    const topic = this.topic(arn);
    if (name === 'SignatureVersion') {
      if (value !== '1' && value !== '2') throw new SimulatedAwsError('InvalidParameter', `Invalid parameter: Attributes Reason: SignatureVersion must be 1 or 2, not "${value}"`, 400);
      topic.signatureVersion = value;
    } else if (name === 'DisplayName') {
      topic.displayName = value;
    } else {
      throw new SimulatedAwsError('InvalidParameter', `Invalid parameter: AttributeName (the simulator supports SignatureVersion and DisplayName, not ${name})`, 400);
    }
  }

  subscriptions(topicArn?: string): SnsSubscription[] {
    return [...this.subscriptionsByArn.values()].filter((s) => topicArn === undefined || s.topicArn === topicArn);
  }

  /**
   * HTTP(S): sends the SubscriptionConfirmation; the subscription receives notifications once its
   * SubscribeURL is fetched. SQS (a queue of this account): confirmed at once, as SNS does for
   * the queue owner. `attributes`: `RawMessageDelivery` (`true` | `false`).
   */
  subscribe(topicArn: string, target: { protocol: string; endpoint: string; attributes?: Record<string, string> }): SnsSubscription {
    const topic = this.topic(topicArn);
    const { protocol, endpoint } = target;
    if (protocol !== 'http' && protocol !== 'https' && protocol !== 'sqs') {
      throw new SimulatedAwsError('InvalidParameter', `Invalid parameter: Protocol "${protocol}" (the simulator delivers to http, https and sqs endpoints)`, 400);
    }
    if (protocol === 'sqs') {
      if (!this.options.queues?.exists(endpoint)) {
        throw new SimulatedAwsError('InvalidParameter', `Invalid parameter: SQS endpoint ARN ${endpoint} (no such queue; create it first and pass its QueueArn)`, 400);
      }
    } else if (!endpoint.startsWith(`${protocol}://`)) {
      throw new SimulatedAwsError('InvalidParameter', `Invalid parameter: Endpoint must match the specified protocol (${protocol}://…)`, 400);
    }
    const existing = this.subscriptions(topic.arn).find((s) => s.protocol === protocol && s.endpoint === endpoint);
    const subscription: SnsSubscription = existing ?? {
      arn: `${topic.arn}:${randomUUID()}`,
      topicArn: topic.arn,
      protocol,
      endpoint,
      owner: this.accountId,
      token: randomBytes(64).toString('hex'),
      confirmed: protocol === 'sqs',
      rawMessageDelivery: false,
    };
    for (const [name, value] of Object.entries(target.attributes ?? {})) this.applySubscriptionAttribute(subscription, name, value);
    this.subscriptionsByArn.set(subscription.arn, subscription);
    if (!subscription.confirmed) this.sendSubscriptionMessage(subscription, 'SubscriptionConfirmation');
    return subscription;
  }

  subscription(arn: string): SnsSubscription {
    const subscription = this.subscriptionsByArn.get(arn);
    if (!subscription) throw new SimulatedAwsError('NotFound', `Subscription does not exist: ${arn}`, 404);
    return subscription;
  }

  setSubscriptionAttribute(arn: string, name: string, value: string): void {
    this.applySubscriptionAttribute(this.subscription(arn), name, value);
  }

  confirmSubscription(token: string, topicArn?: string): SnsSubscription {
    const subscription = this.subscriptions(topicArn).find((s) => s.token === token);
    if (!subscription) throw new SimulatedAwsError('InvalidParameter', 'Invalid parameter: Token', 400);
    subscription.confirmed = true;
    return subscription;
  }

  /** Removes the subscription and tells the endpoint, as SNS does, with an UnsubscribeConfirmation. */
  unsubscribe(subscriptionArn: string): void {
    const subscription = this.subscription(subscriptionArn);
    this.subscriptionsByArn.delete(subscriptionArn);
    if (subscription.protocol !== 'sqs') this.sendSubscriptionMessage(subscription, 'UnsubscribeConfirmation');
  }

  /** Fans the message out to the topic's confirmed subscribers, signed with the topic's SignatureVersion. */
  publish(topicArn: string, content: { subject?: string; message: string }): PublishResult {
    const topic = this.topic(topicArn);
    const { subject, message } = content;
    if (subject !== undefined && (subject.length === 0 || subject.length > 100 || !/^[\x20-\x7e]+$/.test(subject))) {
      throw new SimulatedAwsError('InvalidParameter', 'Invalid parameter: Subject (1 to 100 printable ASCII characters, no line breaks)', 400);
    }
    if (Buffer.byteLength(message) > 256 * 1024) throw new SimulatedAwsError('InvalidParameter', 'Invalid parameter: Message too long', 400);
    const messageId = randomUUID();
    const base = this.options.baseUrl();
    const deliveries = this.subscriptions(topic.arn)
      .filter((s) => s.confirmed)
      .map((subscription) => {
        if (subscription.protocol === 'sqs' && subscription.rawMessageDelivery) {
          return Promise.resolve([this.deliverToQueue(subscription, messageId, topic.arn, message)]);
        }
        const signed = signSnsMessage(
          {
            Type: 'Notification',
            MessageId: messageId,
            TopicArn: topic.arn,
            ...(subject !== undefined && { Subject: subject }),
            Message: message,
            Timestamp: this.timestamp(),
          },
          this.signing(topic),
          `${base}/sns/unsubscribe?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(subscription.arn)}`,
        );
        if (subscription.protocol === 'sqs') return Promise.resolve([this.deliverToQueue(subscription, messageId, topic.arn, JSON.stringify(signed))]);
        return this.deliver(subscription, signed);
      });
    return { messageId, delivered: Promise.all(deliveries).then((all) => all.flat()) };
  }

  /** Resolves when no delivery is in progress (retries included). */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops pending retries; deliveries in progress end after their current attempt. */
  close(): void {
    this.closed = true;
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.resolve(false);
    }
    this.waits.clear();
  }

  private sendSubscriptionMessage(subscription: SnsSubscription, type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation'): void {
    const topic = this.topic(subscription.topicArn);
    const base = this.options.baseUrl();
    const text =
      type === 'SubscriptionConfirmation'
        ? `You have chosen to subscribe to the topic ${topic.arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`
        : `You have chosen to deactivate subscription ${subscription.arn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`;
    const signed = signSnsMessage(
      {
        Type: type,
        MessageId: randomUUID(),
        Token: subscription.token,
        TopicArn: topic.arn,
        Message: text,
        SubscribeURL: `${base}/sns/confirm?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topic.arn)}&Token=${subscription.token}`,
        Timestamp: this.timestamp(),
      },
      this.signing(topic),
    );
    void this.deliver(subscription, signed);
  }

  private applySubscriptionAttribute(subscription: SnsSubscription, name: string, value: string): void {
    if (name !== 'RawMessageDelivery') {
      throw new SimulatedAwsError('InvalidParameter', `Invalid parameter: AttributeName (the simulator supports RawMessageDelivery, not ${name})`, 400);
    }
    if (value !== 'true' && value !== 'false') throw new SimulatedAwsError('InvalidParameter', `Invalid parameter: Attributes Reason: RawMessageDelivery must be true or false, not "${value}"`, 400);
    // Real SNS also delivers raw over HTTP(S); the simulator does not, so it says so rather than ignore it.
    if (value === 'true' && subscription.protocol !== 'sqs') {
      throw new SimulatedAwsError('InvalidParameter', 'Invalid parameter: Attributes Reason: the simulator delivers raw messages to sqs subscriptions only', 400);
    }
    subscription.rawMessageDelivery = value === 'true';
  }

  /** SNS → SQS inside AWS: no HTTP, no retries to simulate; the queue has it or is gone. */
  private deliverToQueue(subscription: SnsSubscription, messageId: string, topicArn: string, body: string): SnsDeliveryAttempt {
    const queues = this.options.queues;
    const exists = !this.closed && queues?.exists(subscription.endpoint) === true;
    if (exists) queues?.send(subscription.endpoint, body);
    const attempt: SnsDeliveryAttempt = {
      messageId,
      type: 'Notification',
      topicArn,
      subscriptionArn: subscription.arn,
      endpoint: subscription.endpoint,
      attempt: 1,
      ...(!exists && { error: this.closed ? 'the simulator is closing' : `queue ${subscription.endpoint} does not exist` }),
      outcome: exists ? 'delivered' : 'failed',
      at: new Date(),
      durationMs: 0,
    };
    this.attempts.push(attempt);
    return attempt;
  }

  private deliver(subscription: SnsSubscription, message: SignedSnsMessage): Promise<SnsDeliveryAttempt[]> {
    if (this.closed) return Promise.resolve([]);
    const delivery = deliverSnsMessage({ endpoint: subscription.endpoint, subscriptionArn: subscription.arn }, message, this.policy, {
      record: (attempt) => this.attempts.push(attempt),
      wait: (ms) => this.wait(ms),
    });
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
    return delivery;
  }

  private wait(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wait = {
        timer: setTimeout(() => {
          this.waits.delete(wait);
          resolve(true);
        }, ms),
        resolve,
      };
      this.waits.add(wait);
    });
  }

  private signing(topic: SnsTopic) {
    return {
      version: topic.signatureVersion,
      privateKey: this.certificate.privateKey,
      signingCertUrl: `${this.options.baseUrl()}${this.certificatePath}`,
    };
  }

  /** ISO 8601 with milliseconds and Z, as SNS writes it. */
  private timestamp(): string {
    return (this.options.clock?.() ?? new Date()).toISOString();
  }
}
