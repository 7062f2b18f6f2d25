import { endpointNameProblem } from '../src/command/aws-names.js';
import { defineCommand } from '../src/command/command-definition.js';
import { UserFacingError } from '../src/command/command-errors.js';
import { didYouMean } from '../src/config/did-you-mean.js';
import { diagnoseEndpoint } from '../src/diagnosis/diagnose-endpoint.js';
import { UnknownEndpoint } from '../src/diagnosis/gather-evidence.js';
import { renderDiagnosis } from '../src/diagnosis/render-diagnosis.js';
import type { Reply } from '../src/reply/reply.js';

const MAX_KNOWN_LISTED = 20;

export default defineCommand({
  name: 'diagnose',
  summary: 'The troubleshooting playbook on an endpoint: latency split, request path, Lambdas, logs, capacity, drift and recent changes, with the most likely cause',
  positionals: [{ name: 'endpoint', description: 'SageMaker endpoint name', required: true, validate: endpointNameProblem }],
  options: {},
  timeRange: { defaultSince: '1h', longest: '1d' },
  awsScoped: true,
  examples: ['diagnose fraud-detector', 'diagnose recsys-ranker --since 3h'],

  async run(ctx, { endpoint }): Promise<Reply> {
    if (!ctx.ports.endpointCapacity) throw new UserFacingError('diagnose is not available: this bot has no AWS connection configured');
    const scope = { region: ctx.region, ...(ctx.account === undefined ? {} : { account: ctx.account }) };
    try {
      const diagnosis = await diagnoseEndpoint({ endpoint, scope }, ctx.ports, ctx.config, ctx.range, ctx.now);
      return renderDiagnosis(diagnosis);
    } catch (error) {
      if (!(error instanceof UnknownEndpoint)) throw error;
      const hint = didYouMean(endpoint, error.known);
      const listed = error.known.length === 0 ? 'none' : error.known.slice(0, MAX_KNOWN_LISTED).join(', ') + (error.known.length > MAX_KNOWN_LISTED ? `, … ${error.known.length - MAX_KNOWN_LISTED} more` : '');
      throw new UserFacingError(`no endpoint named "${endpoint}" in ${ctx.region} (known: ${listed})${hint ? `. Did you mean \`${hint}\`?` : ''}`);
    }
  },
});
