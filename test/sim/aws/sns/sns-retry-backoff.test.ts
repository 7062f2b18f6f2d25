import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverSnsMessage, defaultSnsDeliveryPolicy, snsRetryDelayMs } from '../../../../src/sim/aws/sns/sns-delivery.js';
import type { SignedSnsMessage } from '../../../../src/sim/aws/sns/sns-message.js';

describe('SNS delivery backoff', () => {
  it('keeps SNS’s default: every retry 20 s after the last', () => {
    expect([1, 2, 3].map((retry) => snsRetryDelayMs(defaultSnsDeliveryPolicy, retry))).toEqual([20_000, 20_000, 20_000]);
  });

  it('with maxRetryDelayMs, doubles the delay from retryDelayMs up to the cap', () => {
    const policy = { retries: 100, retryDelayMs: 100, maxRetryDelayMs: 1_000, timeoutMs: 1_000 };
    expect([1, 2, 3, 4, 5, 50].map((retry) => snsRetryDelayMs(policy, retry))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('waits the backed-off delays between attempts at an endpoint that is down, and stops once it answers', async () => {
    let answers = 0;
    server = createServer((req, res) => {
      req.resume();
      res.statusCode = (answers += 1) <= 4 ? 503 : 200;
      res.end();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sns`;
    const waits: number[] = [];
    const message = { Type: 'Notification', MessageId: 'm-1', TopicArn: 'arn:aws:sns:us-east-1:123456789012:ml-alarms', Message: 'x', Timestamp: new Date().toISOString(), SignatureVersion: '2', Signature: 's', SigningCertURL: 'http://127.0.0.1/cert.pem', UnsubscribeURL: 'http://127.0.0.1/unsubscribe' } as SignedSnsMessage;

    const attempts = await deliverSnsMessage({ endpoint, subscriptionArn: 'arn:sub' }, message, { retries: 10, retryDelayMs: 10, maxRetryDelayMs: 40, timeoutMs: 1_000 }, {
      record: () => undefined,
      wait: async (ms) => {
        waits.push(ms);
        return true;
      },
    });

    expect(attempts.map((a) => [a.status, a.outcome])).toEqual([
      [503, 'retrying'],
      [503, 'retrying'],
      [503, 'retrying'],
      [503, 'retrying'],
      [200, 'delivered'],
    ]);
    expect(waits).toEqual([10, 20, 40, 40]);
  });
});
