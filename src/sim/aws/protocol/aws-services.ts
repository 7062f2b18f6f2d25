/**
 * The AWS services the simulator speaks, and how the installed SDK v3 clients reach each of
 * them on the wire. Checked against node_modules/@aws-sdk/client-* (runtimeConfig.shared.js:
 * protocol, serviceTarget; auth/httpAuthSchemeProvider.js: signing name).
 *
 * This folder (src/sim/aws/protocol/) is wire formats only: it knows no simulated state and
 * imports nothing outside itself.
 */

export type ServiceName =
  | 'cloudwatch'
  | 'cloudwatch-logs'
  | 'cost-explorer'
  | 'sagemaker'
  | 'application-auto-scaling'
  | 'cloudtrail'
  | 'xray'
  | 'lambda'
  | 'sns'
  | 'sqs'
  | 'sts';

export type WireProtocol = 'awsJson1_0' | 'awsJson1_1' | 'restJson1' | 'awsQuery';

export interface AwsServiceDescription {
  service: ServiceName;
  /** What the SDK speaks by default. */
  protocol: WireProtocol;
  /** SigV4 signing name: the fourth part of the credential scope. */
  signingName: string;
  /** `X-Amz-Target` prefixes (before the dot) for JSON RPC services. */
  targetPrefixes?: readonly string[];
  /** awsJson1_0 with the awsQueryCompatible trait: errors also carry `x-amzn-query-error`. */
  awsQueryCompatible?: boolean;
  /** `Version=` of awsQuery form posts, and the XML namespace of their answers. */
  queryVersion?: string;
  xmlNamespace?: string;
}

export const awsServices: Readonly<Record<ServiceName, AwsServiceDescription>> = {
  cloudwatch: {
    service: 'cloudwatch',
    protocol: 'awsJson1_0',
    signingName: 'monitoring',
    targetPrefixes: ['GraniteServiceVersion20100801'],
    awsQueryCompatible: true,
    // Older SDKs (before the JSON migration) still post awsQuery forms.
    queryVersion: '2010-08-01',
    xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
  },
  'cloudwatch-logs': { service: 'cloudwatch-logs', protocol: 'awsJson1_1', signingName: 'logs', targetPrefixes: ['Logs_20140328'] },
  'cost-explorer': { service: 'cost-explorer', protocol: 'awsJson1_1', signingName: 'ce', targetPrefixes: ['AWSInsightsIndexService'] },
  sagemaker: { service: 'sagemaker', protocol: 'awsJson1_1', signingName: 'sagemaker', targetPrefixes: ['SageMaker'] },
  'application-auto-scaling': {
    service: 'application-auto-scaling',
    protocol: 'awsJson1_1',
    signingName: 'application-autoscaling',
    targetPrefixes: ['AnyScaleFrontendService'],
  },
  cloudtrail: {
    service: 'cloudtrail',
    protocol: 'awsJson1_1',
    signingName: 'cloudtrail',
    // The installed client sends the short form; older ones sent the fully qualified one.
    targetPrefixes: ['CloudTrail_20131101', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101'],
  },
  xray: { service: 'xray', protocol: 'restJson1', signingName: 'xray' },
  lambda: { service: 'lambda', protocol: 'restJson1', signingName: 'lambda' },
  sns: { service: 'sns', protocol: 'awsQuery', signingName: 'sns', queryVersion: '2010-03-31', xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/' },
  // The installed client speaks JSON 1.0 with query-compatible errors; older v3 clients posted awsQuery forms (not served for SQS).
  sqs: { service: 'sqs', protocol: 'awsJson1_0', signingName: 'sqs', targetPrefixes: ['AmazonSQS'], awsQueryCompatible: true },
  sts: { service: 'sts', protocol: 'awsQuery', signingName: 'sts', queryVersion: '2011-06-15', xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/' },
};

const allServices = Object.values(awsServices);

export function serviceForTargetPrefix(prefix: string): AwsServiceDescription | undefined {
  return allServices.find((s) => s.targetPrefixes?.includes(prefix));
}

export function serviceForSigningName(signingName: string): AwsServiceDescription | undefined {
  return allServices.find((s) => s.signingName === signingName);
}

export function serviceForQueryVersion(version: string): AwsServiceDescription | undefined {
  return allServices.find((s) => s.queryVersion === version);
}
