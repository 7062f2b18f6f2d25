/** Confirms a subscription by a GET on its SubscribeURL, already checked by `SnsUrlPolicy`. */
export type SubscriptionConfirmer = (subscribeUrl: string) => Promise<void>;

export const CONFIRM_TIMEOUT_MS = 10_000;

/**
 * The default confirmer. Follows no redirect (it would lead to an unchecked URL) and reads
 * nothing of the answer but its status: SNS answers 200 with a ConfirmSubscriptionResponse.
 */
export const confirmSubscriptionByGet: SubscriptionConfirmer = async (subscribeUrl) => {
  let response: Response;
  try {
    response = await fetch(subscribeUrl, { redirect: 'manual', signal: AbortSignal.timeout(CONFIRM_TIMEOUT_MS) });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw new Error(`SubscribeURL did not answer within ${CONFIRM_TIMEOUT_MS} ms`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`SubscribeURL unreachable: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.status !== 200) throw new Error(`SubscribeURL answered HTTP ${response.status}`);
};
