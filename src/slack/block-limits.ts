/**
 * Block Kit limits the renderer respects, in one place so the Slack simulator can enforce
 * the same numbers. Lengths are in UTF-16 code units, as Slack counts them.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  /**
   * Our budget for all blocks together, measured by `blocksCharacterCount`. Slack answers
   * `msg_blocks_too_long` somewhere past 13,000 (undocumented, and block containers count
   * too), so we stay well below.
   */
  messageBlockCharacters: 12_000,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  contextText: 3_000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  buttonUrl: 3_000,
  actionId: 255,
  imageUrl: 3_000,
  imageAltText: 2_000,
  imageTitle: 2_000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Slack truncates at 40,000; notifications show far less, so we keep the fallback short. */
  fallbackText: 3_000,
} as const;

/**
 * The size of a message's blocks as Slack receives them. Summing only the `text` fields
 * undercounts (people hit `msg_blocks_too_long` with 11,300 characters of text), so the
 * whole serialised JSON is counted: pessimistic, and simple to reproduce in the simulator.
 */
export function blocksCharacterCount(blocks: readonly unknown[]): number {
  return JSON.stringify(blocks).length;
}
