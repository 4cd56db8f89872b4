import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import {
  clientShardOptions,
  heapFlags,
  isManagedShard,
  planShards,
  shardHealthPort,
  withShardBindings,
} from '../../src/discord/shards.js';

/** Sharding settings: SHARD_COUNT / SHARD_IDS, and the SHARDS / SHARD_COUNT discord.js gives a shard process. */
describe('SHARD_COUNT and SHARD_IDS', () => {
  it('leave sharding off when unset, and take auto or a number', () => {
    const unset = loadConfig({});
    expect([unset.SHARD_COUNT, unset.SHARD_IDS, unset.SHARDS]).toEqual([undefined, [], undefined]);
    expect(loadConfig({ SHARD_COUNT: 'auto' }).SHARD_COUNT).toBe('auto');
    expect(loadConfig({ SHARD_COUNT: ' 4 ', SHARD_IDS: '2, 3' })).toMatchObject({
      SHARD_COUNT: 4,
      SHARD_IDS: [2, 3],
    });
  });

  it.each([
    [{ SHARD_COUNT: '0' }, 'SHARD_COUNT'],
    [{ SHARD_COUNT: 'many' }, 'SHARD_COUNT'],
    [{ SHARD_IDS: '1' }, 'SHARD_IDS'],
    [{ SHARD_COUNT: 'auto', SHARD_IDS: '0' }, 'SHARD_IDS'],
    [{ SHARD_COUNT: '2', SHARD_IDS: '1,2' }, 'SHARD_IDS'],
    [{ SHARD_COUNT: '2', SHARD_IDS: 'one' }, 'SHARD_IDS'],
  ])('refuses %j, naming %s', (env, key) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as ConfigError).keys).toContain(key);
    }
  });

  it("reads the shard id discord.js's ShardingManager puts in SHARDS (a number, or a JSON list)", () => {
    expect(loadConfig({ SHARDS: '1', SHARD_COUNT: '2' }).SHARDS).toEqual([1]);
    expect(loadConfig({ SHARDS: '[0,3]', SHARD_COUNT: '4' }).SHARDS).toEqual([0, 3]);
  });
});

describe('clientShardOptions', () => {
  it('connects unsharded without SHARD_COUNT, whatever discord.js would read from the environment', () => {
    expect(clientShardOptions(loadConfig({}))).toEqual({ shards: [0], shardCount: 1 });
  });

  it('runs the shard the manager assigned in a shard process', () => {
    expect(clientShardOptions(loadConfig({ SHARDS: '1', SHARD_COUNT: '2' }))).toEqual({
      shards: [1],
      shardCount: 2,
    });
  });

  it("runs this machine's shards (SHARD_IDS, else all) in one process under npm start", () => {
    expect(clientShardOptions(loadConfig({ SHARD_COUNT: '4', SHARD_IDS: '2,3' }))).toEqual({
      shards: [2, 3],
      shardCount: 4,
    });
    expect(clientShardOptions(loadConfig({ SHARD_COUNT: '3' }))).toEqual({
      shards: [0, 1, 2],
      shardCount: 3,
    });
    expect(clientShardOptions(loadConfig({ SHARD_COUNT: 'auto' }))).toMatchObject({ shards: 'auto' });
  });
});

describe('planShards', () => {
  it('takes a numeric SHARD_COUNT and SHARD_IDS as they are, without asking Discord', async () => {
    expect(await planShards(loadConfig({ SHARD_COUNT: '4', SHARD_IDS: '3,1,3' }))).toEqual({
      totalShards: 4,
      shardIds: [3, 1],
    });
    expect(await planShards(loadConfig({ SHARD_COUNT: '2' }))).toEqual({ totalShards: 2, shardIds: [0, 1] });
    await expect(planShards(loadConfig({}))).rejects.toThrow(/SHARD_COUNT is not set/);
  });
});

describe('withShardBindings', () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    return { logger: pino({ level: 'info' }, sink), lines };
  }

  it("puts the shard id on every line of a shard process's logger, and nothing otherwise", () => {
    const sharded = capture();
    withShardBindings(sharded.logger, loadConfig({ SHARDS: '1', SHARD_COUNT: '2' })).info('hello');
    expect(sharded.lines[0]).toMatchObject({ shard: 1, msg: 'hello' });

    const plain = capture();
    withShardBindings(plain.logger, loadConfig({})).info('hello');
    expect(plain.lines[0]).not.toHaveProperty('shard');
    expect(isManagedShard(loadConfig({}))).toBe(false);
    expect(isManagedShard(loadConfig({ SHARDS: '0', SHARD_COUNT: '1' }))).toBe(true);
  });
});

describe('shardHealthPort', () => {
  it('gives each shard process HEALTH_PORT + its shard id, and leaves an unsharded process and port 0 alone', () => {
    expect(shardHealthPort(9464, loadConfig({}))).toBe(9464);
    expect(shardHealthPort(9464, loadConfig({ SHARDS: '3', SHARD_COUNT: '4' }))).toBe(9467);
    expect(shardHealthPort(0, loadConfig({ SHARDS: '3', SHARD_COUNT: '4' }))).toBe(0);
  });
});

describe('heapFlags', () => {
  it("keeps the manager's V8 heap limits for its shards, and nothing else of node's flags", () => {
    expect(
      heapFlags([
        '--max-old-space-size=256',
        '--import',
        'tsx',
        '--max-semi-space-size=2',
        '--inspect',
        '--max-old-space-size=abc',
      ]),
    ).toEqual(['--max-old-space-size=256', '--max-semi-space-size=2']);
    expect(heapFlags([])).toEqual([]);
  });
});
