import { createHash } from 'node:crypto';
import type { SimLambda } from '../../../fleet/index.js';
import { offsetTimestamp } from '../../protocol/aws-timestamps.js';
import { stableUuid } from '../cloudtrail/stable-uuid.js';

/** Lambda's FunctionConfiguration (client-lambda's shape) for one of the fleet's functions. */

/** Size of the Lambda Insights extension layer's zip, as Lambda reports it. */
const INSIGHTS_LAYER_CODE_SIZE = 5_462_109;

export function functionConfiguration(fn: SimLambda) {
  return {
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    Runtime: fn.runtime,
    Role: fn.role,
    Handler: fn.handler,
    CodeSize: codeSize(fn.codeSha256),
    Description: fn.description,
    Timeout: fn.timeoutS,
    MemorySize: fn.memorySizeMb,
    LastModified: offsetTimestamp(fn.lastModified),
    CodeSha256: fn.codeSha256,
    Version: fn.version,
    TracingConfig: { Mode: fn.tracingMode },
    RevisionId: stableUuid(`${fn.arn}|${fn.lastModified.toISOString()}|${fn.codeSha256}`),
    Layers: fn.layers.map((arn) => ({ Arn: arn, CodeSize: INSIGHTS_LAYER_CODE_SIZE })),
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` },
  };
}

/** A zip of a few MB that changes with each code deploy. */
function codeSize(codeSha256: string): number {
  return 3_000_000 + (createHash('sha256').update(codeSha256).digest().readUInt32BE(0) % 2_000_000);
}
