/**
 * The design most teams start with, for comparison with the storm: an SNS subscriber that posts
 * one Slack message per notification — no threads, no incidents, no pacing — sending up to 100 at
 * a time (the Slack SDK's default concurrency) and, on a 429, waiting the Retry-After and trying
 * again, as the SDK does. A few lines, on purpose; `close` abandons what is still queued.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlarmDefinition, AlarmState, AlarmTransition } from '../src/sim/aws/sns/alarm-notification.js';
import { alarmNotification } from '../src/sim/aws/sns/alarm-notification.js';
import { startAwsSimulator } from '../src/sim/aws/server/start-aws-simulator.js';
import { DEFAULT_BOT_TOKEN, startSlackSimulator, type SlackSimulator } from '../src/sim/slack/slack-simulator.js';
import type { StormWorld } from '../support/alarm-storm.js';

const IN_FLIGHT = 100;

export interface NaiveForwarderWorld extends StormWorld {
  slack: SlackSimulator;
  /** Notifications received from SNS. */
  received(): number;
  close(): Promise<void>;
}

export async function openNaiveForwarderWorld(): Promise<NaiveForwarderWorld> {
  const aws = await startAwsSimulator();
  const slack = await startSlackSimulator();
  let received = 0;
  let closed = false;
  const queue: string[] = [];
  let inFlight = 0;
  const postNext = async (): Promise<void> => {
    while (!closed && inFlight < IN_FLIGHT && queue.length > 0) {
      const text = queue.shift()!;
      inFlight += 1;
      void postMessage(text).finally(() => {
        inFlight -= 1;
        void postNext();
      });
    }
  };
  const postMessage = async (text: string): Promise<void> => {
    while (!closed) {
      const answer = await fetch(`${slack.url}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEFAULT_BOT_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ channel: '#ml-incidents', text }),
      }).catch(() => undefined);
      if (answer?.status !== 429) return;
      await new Promise((resolve) => setTimeout(resolve, Number(answer.headers.get('retry-after') ?? '1') * 1000));
    }
  };

  const forwarder: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const message = JSON.parse(body) as { Type: string; SubscribeURL?: string; Subject?: string; Message: string };
      res.end();
      if (message.Type === 'SubscriptionConfirmation') return void fetch(message.SubscribeURL!);
      received += 1;
      queue.push(`*${message.Subject ?? 'CloudWatch alarm'}*\n${message.Message}`);
      void postNext();
    });
  });
  await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
  const topicArn = aws.sns.defaultTopicArn;
  aws.sns.subscribe(topicArn, { protocol: 'http', endpoint: `http://127.0.0.1:${(forwarder.address() as AddressInfo).port}/` });
  await aws.sns.whenIdle();

  return {
    slack,
    received: () => received,
    async publish(alarm: AlarmDefinition, state: AlarmState, at: Date, transition: Partial<AlarmTransition> = {}) {
      const notification = alarmNotification(alarm, { oldState: state === 'ALARM' ? 'OK' : 'ALARM', newState: state, reason: `Threshold Crossed (${state}).`, at, ...transition });
      const result = aws.sns.publish(topicArn, { subject: notification.subject, message: notification.message });
      const last = (await result.delivered).filter((attempt) => attempt.outcome !== 'retrying').at(-1);
      return { messageId: result.messageId, status: last?.status };
    },
    async close() {
      closed = true;
      forwarder.closeAllConnections();
      await new Promise<void>((resolve) => forwarder.close(() => resolve()));
      await aws.close();
      await slack.close();
    },
  };
}
