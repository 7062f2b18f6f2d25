/**
 * The parent's sparkline and chart, end to end: an alarm of the simulated fleet through signed
 * SNS opens a parent; the bot then fetches the alarm's metric from the AWS simulator and updates
 * the parent in place with a sparkline and a chart whose values are the simulator's own.
 */
import { afterEach, expect, it } from 'vitest';
import { fetchMetricData } from '../../../src/aws/cloudwatch-metric-data.js';
import { compactPoints, LOOKBACK_BEFORE_BREACH_MS } from '../../../src/incidents/alarm-metric-points.js';
import { describeEachStore } from '../../support/database.js';
import { p99Latency } from './alarm-definitions.js';
import { CHANNEL, openIncidentWorld, type IncidentWorld } from './incident-world.js';

const config = `
routing:
  - match:
      alarm_name: "*"
    channel: "${CHANNEL}"
`;

describeEachStore('the incident parent with the metric around the breach, end to end', (target) => {
  let world: IncidentWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const waitFor = async <T>(read: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = read();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('a simulator alarm opens a parent, then the parent shows the simulator metric as a sparkline and a chart', async () => {
    const w = (world = await openIncidentWorld({ target, configYaml: config, awsOnSimulator: true }));
    const breach = new Date(Date.now() - 2 * 60_000);
    await w.publish(p99Latency, 'ALARM', breach);
    await waitFor(() => w.parents()[0], 'the incident parent');
    const charted = await waitFor(() => w.parents().find((parent) => JSON.stringify(parent.blocks).includes('📈')), 'the parent with its sparkline');
    expect(w.parents()).toHaveLength(1);

    // The simulator's own series for the alarm's query, over the window the bot asked for.
    const series = (
      await fetchMetricData(
        w.bot.services.aws.client('cloudwatch', { region: 'us-east-1' }),
        [{ Id: 'p99', MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Dimensions: [{ Name: 'EndpointName', Value: 'fraud-detector' }, { Name: 'VariantName', Value: 'AllTraffic' }] }, Period: 60, Stat: 'p99', Unit: 'Microseconds' } }],
        { start: new Date(breach.getTime() - LOOKBACK_BEFORE_BREACH_MS), end: new Date() },
      )
    ).get('p99')!;
    const stored = (await w.bot.services.incidentDesk.find(1))!.metricPoints![0]!;
    // Over the window the bot asked for (an hour before the breach up to when it asked), kept as the bot keeps it.
    const from = breach.getTime() - LOOKBACK_BEFORE_BREACH_MS;
    const inWindow = series.timestamps.flatMap((at, i) => (at >= from && at < stored.fetchedAt.getTime() ? [[at, series.values[i]!] as const] : []));
    const fromSimulator = compactPoints(inWindow.map(([at]) => at), inWindow.map(([, value]) => value));
    expect(stored.values.length).toBeGreaterThan(10);
    expect(stored.timestamps).toEqual(fromSimulator.timestamps);
    expect(stored.values).toEqual(fromSimulator.values);

    const shown = JSON.stringify(charted.blocks);
    expect(shown).toMatch(/📈 p99 ModelLatency `[▁▂▃▄▅▆▇█ ]+` [\d.,]+ (ms|s|µs) now, threshold 500 ms/);
    const image = (charted.blocks ?? []).find((block) => (block as { type?: string }).type === 'image') as { image_url?: string } | undefined;
    expect(image?.image_url).toMatch(/^https:\/\/quickchart\.io\/chart\?/);
    const drawn = decodeURIComponent(image!.image_url!).replaceAll('+', ' ');
    expect(drawn).toContain("text:'p99 ModelLatency (ms)'");
    expect(drawn).toMatch(/label:'threshold 500 ms',data:\[\{x:'[\d:]+',y:500\}/);
  });
});
