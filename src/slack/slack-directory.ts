/**
 * The permission policy's `SlackDirectory` over the Web API: `usergroups.users.list` (scope
 * `usergroups:read`) and `conversations.info` (`channels:read`). Answers are cached by
 * `CachedSlackDirectory`; here, only the calls. Also links to messages, for `/mlobs incidents`.
 */
import { webApi } from '@slack/bolt';
import type { SlackDirectory } from '../permissions/slack-directory.js';
import type { Logger } from '../telemetry/logger.js';
import { boltLoggerFrom } from './bolt-logger.js';

export class WebApiSlackDirectory implements SlackDirectory {
  private workspaceUrl: Promise<string | undefined> | undefined;

  constructor(private readonly client: webApi.WebClient) {}

  static connect(options: { token: string; apiUrl?: string; log: Logger }): WebApiSlackDirectory {
    return new WebApiSlackDirectory(
      new webApi.WebClient(options.token, {
        ...(options.apiUrl === undefined ? {} : { slackApiUrl: options.apiUrl }),
        // A person is waiting for the answer: fail soon and say so rather than retry for minutes.
        retryConfig: { retries: 1 },
        timeout: 10_000,
        logger: boltLoggerFrom(options.log.child({ component: 'slack-directory' })),
      }),
    );
  }

  async userGroupMembers(groupId: string): Promise<string[]> {
    const answer = await this.client.usergroups.users.list({ usergroup: groupId });
    return Array.isArray(answer.users) ? answer.users.filter((user): user is string => typeof user === 'string') : [];
  }

  async channelName(channelId: string): Promise<string | undefined> {
    try {
      const answer = await this.client.conversations.info({ channel: channelId });
      return typeof answer.channel?.name === 'string' ? answer.channel.name : undefined;
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error === 'channel_not_found') return undefined;
      throw error;
    }
  }

  /**
   * A link to a message, in Slack's permalink form (`https://team.slack.com/archives/C…/p…`),
   * without a `chat.getPermalink` call per message: the workspace URL comes from `auth.test`, once.
   */
  async messageUrl(channel: string, ts: string): Promise<string | undefined> {
    this.workspaceUrl ??= this.client.auth.test().then(
      (answer) => (typeof answer.url === 'string' ? answer.url.replace(/\/?$/, '/') : undefined),
      (error: unknown) => {
        this.workspaceUrl = undefined;
        throw error;
      },
    );
    const base = await this.workspaceUrl;
    return base === undefined ? undefined : `${base}archives/${channel}/p${ts.replace('.', '')}`;
  }
}
