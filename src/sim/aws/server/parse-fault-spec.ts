import { awsServices, type ServiceName } from '../protocol/aws-services.js';
import type { FaultOptions, FaultRates } from './fault-injector.js';

/**
 * Reads the `--faults` option: either JSON (`{"throttleRate":0.3,"seed":7}`, a `FaultOptions`)
 * or the short form `throttle=0.3,error=0.05,seed=7,sagemaker:throttle=1,xray.GetTraceSummaries:error=0.5`.
 * Throws an Error naming the part it could not read.
 */
export function parseFaultSpec(text: string): FaultOptions {
  const spec = text.trim();
  if (spec.startsWith('{')) return JSON.parse(spec) as FaultOptions;
  const options: FaultOptions = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^(?:([a-z0-9-]+)(?:\.(\w+))?:)?(throttle|error|seed)=([0-9.]+)$/.exec(part);
    const value = Number(match?.[4]);
    if (!match || Number.isNaN(value)) throw new Error(`cannot read fault "${part}" (expected e.g. throttle=0.3, error=0.05, seed=7, sagemaker:throttle=1)`);
    const [, service, operation, kind] = match;
    if (kind === 'seed') {
      options.seed = value;
      continue;
    }
    if (value < 0 || value > 1) throw new Error(`fault rate "${part}" must be between 0 and 1`);
    const field: keyof FaultRates = kind === 'throttle' ? 'throttleRate' : 'errorRate';
    if (!service) {
      options[field] = value;
    } else if (!(service in awsServices)) {
      throw new Error(`unknown service "${service}" in fault "${part}" (known: ${Object.keys(awsServices).join(', ')})`);
    } else if (operation) {
      const operations = (options.operations ??= {});
      operations[`${service}.${operation}`] = { ...operations[`${service}.${operation}`], [field]: value };
    } else {
      const services = (options.services ??= {});
      services[service as ServiceName] = { ...services[service as ServiceName], [field]: value };
    }
  }
  return options;
}
