/** Fixed ids of the fake world, so tests and payload builders agree. */
export const IDS = Object.freeze({
  application: '100000000000000001',
  bot: '100000000000000001',
  guild: '200000000000000001',
  channel: '300000000000000001',
  otherChannel: '300000000000000002',
  thread: '300000000000000003',
  dmChannel: '300000000000000004',
  member: '400000000000000001',
  otherMember: '400000000000000002',
  moderator: '400000000000000003',
  roleModerator: '500000000000000001',
  otherBot: '400000000000000009',
  askCommand: '600000000000000001',
  pinsCommand: '600000000000000002',
  pinAsAnswerCommand: '600000000000000003',
});

/** The token the fake accepts (shaped like a bot token, so start-up validation passes). Not a real token. */
export const FAKE_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.RkFLRTA.ZmFrZS10b2tlbi1mb3ItdGVzdHMtb25seQ';

let counter = 0n;
/** A fresh snowflake-like id (increasing, unique within the process). */
export function nextId(): string {
  counter += 1n;
  return (900000000000000000n + BigInt(Date.now() % 1_000_000) * 1000n + counter).toString();
}
