import { DescribeLogGroupsCommand, type DescribeLogGroupsCommandInput, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { FRAUD_GROUP, LAMBDA_GROUP, logsWorld } from './logs-test-world.js';

describe('DescribeLogGroups', () => {
  it('lists the fleet’s log groups with creation time, stored bytes, retention and both ARNs', async () => {
    const world = await logsWorld();
    const { logGroups } = await world.client.send(new DescribeLogGroupsCommand({}));
    const fleetGroups = world.fleet.logGroups();
    expect(logGroups?.map((g) => g.logGroupName)).toEqual(fleetGroups.map((g) => g.name).sort());
    const lambda = logGroups?.find((g) => g.logGroupName === LAMBDA_GROUP);
    const expected = fleetGroups.find((g) => g.name === LAMBDA_GROUP);
    expect(lambda).toMatchObject({
      creationTime: expected?.creationTime,
      storedBytes: expected?.storedBytes,
      retentionInDays: expected?.retentionInDays,
      arn: `arn:aws:logs:us-east-1:123456789012:log-group:${LAMBDA_GROUP}:*`,
      logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${LAMBDA_GROUP}`,
    });
  });

  it('narrows by name prefix or by case-sensitive substring pattern, but not both', async () => {
    const world = await logsWorld();
    const names = async (input: DescribeLogGroupsCommandInput) =>
      ((await world.client.send(new DescribeLogGroupsCommand(input))).logGroups ?? []).map((g) => g.logGroupName);

    expect(await names({ logGroupNamePrefix: '/aws/sagemaker/Endpoints/' })).toHaveLength(3);
    expect(await names({ logGroupNamePattern: 'fraud' })).toEqual([LAMBDA_GROUP, FRAUD_GROUP]);
    expect(await names({ logGroupNamePattern: 'FRAUD' })).toEqual([]);
    await expect(names({ logGroupNamePrefix: '/aws', logGroupNamePattern: 'fraud' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('pages with limit and nextToken, and refuses a limit above 50', async () => {
    const world = await logsWorld();
    const pages: string[][] = [];
    for await (const page of paginateDescribeLogGroups({ client: world.client, pageSize: 1 }, {})) pages.push((page.logGroups ?? []).map((g) => g.logGroupName ?? ''));
    expect(pages).toHaveLength(world.fleet.logGroups().length);
    expect(pages.flat()).toEqual(world.fleet.logGroups().map((g) => g.name).sort());

    await expect(world.client.send(new DescribeLogGroupsCommand({ limit: 51 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(world.client.send(new DescribeLogGroupsCommand({ nextToken: 'not-a-token' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('has no log groups in another region', async () => {
    const world = await logsWorld('steady', 'eu-west-1');
    expect((await world.client.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
  });
});
