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
  /**
   * A second guild for sharded tests. With 2 shards `guild` is on shard 0 and this one on shard 1
   * (Discord's rule: `(guild_id >> 22) % shard_count`).
   */
  secondGuild: '200000000004194305',
  /** The second guild's text channel. */
  secondChannel: '300000000000000005',
  secondRoleModerator: '500000000000000002',
});

/** The shard that receives a guild's events, as Discord computes it; DMs (no guild) go to shard 0. */
export function shardOfGuild(guildId: string | null | undefined, shardCount: number): number {
  if (!guildId) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The guild a channel of the fake world belongs to (the DM channel has none). */
export function guildOfChannel(channelId: string): string | null {
  if (channelId === IDS.dmChannel) return null;
  return channelId === IDS.secondChannel ? IDS.secondGuild : IDS.guild;
}

/** The token the fake accepts (shaped like a bot token, so start-up validation passes). Not a real token. */
export const FAKE_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.RkFLRTA.ZmFrZS10b2tlbi1mb3ItdGVzdHMtb25seQ';

let counter = 0n;
/** A fresh snowflake-like id (increasing, unique within the process). */
export function nextId(): string {
  counter += 1n;
  return (900000000000000000n + BigInt(Date.now() % 1_000_000) * 1000n + counter).toString();
}
