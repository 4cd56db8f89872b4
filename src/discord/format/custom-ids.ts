/**
 * Button custom ids. They carry the logged answer's id so a button works after a restart (everything
 * else is read back from the database). Format: `gb:<action>:<answerId>`, well under Discord's 100.
 */
export type ButtonAction = 'sources' | 'up' | 'down' | 'pin';

const ACTIONS: readonly ButtonAction[] = ['sources', 'up', 'down', 'pin'];

export function formatCustomId(action: ButtonAction, answerId: number): string {
  return `gb:${action}:${answerId}`;
}

/** The action and answer id of a guidebot button, or undefined for anything else. */
export function parseCustomId(customId: string): { action: ButtonAction; answerId: number } | undefined {
  const match = /^gb:([a-z]+):(\d+)$/.exec(customId);
  if (!match) return undefined;
  const action = match[1] as ButtonAction;
  const answerId = Number(match[2]);
  if (!ACTIONS.includes(action) || !Number.isSafeInteger(answerId)) return undefined;
  return { action, answerId };
}

/**
 * The "This answers it" menu under a refusal: `gb:teach:<answerId>`, the logged question's id (the
 * question is read back from the log). The chosen option's value is the section's `sectionId`.
 */
export function formatTeachMenuId(answerId: number): string {
  return `gb:teach:${answerId}`;
}

/** The logged question's id of a "This answers it" menu, or undefined for any other component. */
export function parseTeachMenuId(customId: string): number | undefined {
  const match = /^gb:teach:(\d+)$/.exec(customId);
  const answerId = Number(match?.[1]);
  return match && Number.isSafeInteger(answerId) ? answerId : undefined;
}

/**
 * The second step of "This answers it": `gb:teach-answer:<taughtId>`, the lesson just taught. The chosen
 * option's value is the sentence's place in its section (`AskService.sentenceChoices`).
 */
export function formatTeachAnswerMenuId(taughtId: number): string {
  return `gb:teach-answer:${taughtId}`;
}

/** The lesson id of a "which sentence answers it" menu, or undefined for any other component. */
export function parseTeachAnswerMenuId(customId: string): number | undefined {
  const match = /^gb:teach-answer:(\d+)$/.exec(customId);
  const taughtId = Number(match?.[1]);
  return match && Number.isSafeInteger(taughtId) ? taughtId : undefined;
}
