import { createVerify } from 'node:crypto';
import { get as httpGet } from 'node:http';
import https from 'node:https';
import MessageValidator from 'sns-validator';

/**
 * AWS's documented verification, written from the documentation and not from the simulator's
 * signer: the signed keys by message type, `key\nvalue\n`, RSA-SHA1 for SignatureVersion 1 and
 * RSA-SHA256 for 2, the certificate fetched from SigningCertURL.
 */
export async function verifySnsSignature(message: Record<string, string>): Promise<boolean> {
  const keys =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const algorithm = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' }[message.SignatureVersion ?? ''];
  if (!algorithm || !message.SigningCertURL?.endsWith('.pem')) return false;
  const certificate = await (await fetch(message.SigningCertURL)).text();
  const verifier = createVerify(algorithm);
  for (const key of keys) if (message[key] !== undefined) verifier.update(`${key}\n${message[key]}\n`);
  return verifier.verify(certificate, message.Signature ?? '', 'base64');
}

/**
 * The `sns-validator` package (AWS's validator for Node). It only fetches certificates over
 * https from sns.<region>.amazonaws.com, so the message's SigningCertURL is pointed there — it is
 * not part of the signed string — and the validator's https.get is answered from the simulator.
 */
export async function validateWithSnsValidator(message: Record<string, string>): Promise<void> {
  const served = new URL(message.SigningCertURL ?? '');
  const awsUrl = `https://sns.us-east-1.amazonaws.com${served.pathname.replace(/^\/sns/, '')}`;
  const originalGet = https.get;
  https.get = ((url: string, callback: Parameters<typeof httpGet>[1]) => {
    const path = new URL(url).pathname;
    const req = httpGet(`${served.origin}/sns${path}`, callback);
    return req;
  }) as unknown as typeof https.get;
  try {
    await new Promise<void>((resolve, reject) =>
      new MessageValidator().validate({ ...message, SigningCertURL: awsUrl }, (error) => (error ? reject(error) : resolve())),
    );
  } finally {
    https.get = originalGet;
  }
}
