import { createSign, type KeyObject } from 'node:crypto';

/**
 * The JSON documents SNS POSTs to HTTP(S) subscribers, and how they are signed (see
 * shared/reference/aws-slack-facts.md, "Amazon SNS → HTTP(S) endpoint").
 */
export type SnsMessageType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
export type SnsSignatureVersion = '1' | '2';

export interface UnsignedNotification {
  Type: 'Notification';
  MessageId: string;
  TopicArn: string;
  /** Absent (the key is missing) when none was published. */
  Subject?: string;
  Message: string;
  Timestamp: string;
}

export interface UnsignedSubscriptionMessage {
  Type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  MessageId: string;
  Token: string;
  TopicArn: string;
  Message: string;
  SubscribeURL: string;
  Timestamp: string;
}

export type UnsignedSnsMessage = UnsignedNotification | UnsignedSubscriptionMessage;

interface Signature {
  SignatureVersion: SnsSignatureVersion;
  Signature: string;
  SigningCertURL: string;
}

export type SignedSnsMessage = (UnsignedNotification & Signature & { UnsubscribeURL: string }) | (UnsignedSubscriptionMessage & Signature);

const notificationKeys = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const subscriptionKeys = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

/** `key\nvalue\n` for each signed key in order, skipping absent optional keys. */
export function snsStringToSign(message: UnsignedSnsMessage): string {
  const keys = message.Type === 'Notification' ? notificationKeys : subscriptionKeys;
  const fields = message as unknown as Record<string, string | undefined>;
  return keys
    .filter((key) => fields[key] !== undefined)
    .map((key) => `${key}\n${fields[key]}\n`)
    .join('');
}

/** SignatureVersion 1 is RSA with SHA1, 2 RSA with SHA256; the signature is base64. */
export function snsSignature(message: UnsignedSnsMessage, version: SnsSignatureVersion, privateKey: KeyObject): string {
  const signer = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  signer.update(snsStringToSign(message), 'utf8');
  return signer.sign(privateKey, 'base64');
}

export interface SigningContext {
  version: SnsSignatureVersion;
  privateKey: KeyObject;
  signingCertUrl: string;
}

/** The message with its signature fields, keys in the order real SNS writes them. */
export function signSnsMessage(message: UnsignedNotification, signing: SigningContext, unsubscribeUrl: string): SignedSnsMessage;
export function signSnsMessage(message: UnsignedSubscriptionMessage, signing: SigningContext): SignedSnsMessage;
export function signSnsMessage(message: UnsignedSnsMessage, signing: SigningContext, unsubscribeUrl?: string): SignedSnsMessage {
  const signature: Signature = {
    SignatureVersion: signing.version,
    Signature: snsSignature(message, signing.version, signing.privateKey),
    SigningCertURL: signing.signingCertUrl,
  };
  if (message.Type === 'Notification') {
    const { Type, MessageId, TopicArn, Subject, Message, Timestamp } = message;
    return {
      Type,
      MessageId,
      TopicArn,
      ...(Subject !== undefined && { Subject }),
      Message,
      Timestamp,
      ...signature,
      UnsubscribeURL: unsubscribeUrl ?? '',
    };
  }
  const { Type, MessageId, Token, TopicArn, Message, SubscribeURL, Timestamp } = message;
  return { Type, MessageId, Token, TopicArn, Message, SubscribeURL, Timestamp, ...signature };
}
