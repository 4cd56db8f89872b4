import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { planShards, shardHealthPort } from '../../src/discord/shards.js';

/**
 * compose.scale.yaml (two "machines" sharing one PostgreSQL) cannot be started here (no Docker engine),
 * so its settings are checked through the bot's own parsers: each machine's environment loads, the
 * machines split one shard total between them without overlap, both point at the compose database,
 * and each health check asks the port its shard serves on.
 */
interface Service {
  environment?: Record<string, string | number>;
  command?: string[];
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(join(import.meta.dirname, '..', '..', 'compose.scale.yaml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, Service> };
const machines = Object.entries(compose.services).filter(([name]) => name.startsWith('machine-'));

function configOf(service: Service) {
  const env = Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [
      key,
      String(value).replace(/\$\{POSTGRES_PASSWORD:-([^}]*)\}/, '$1'),
    ]),
  );
  return loadConfig({ ...env, DISCORD_TOKEN: 'token' });
}

describe('compose.scale.yaml', () => {
  it('has two machines, each running the shard manager', () => {
    expect(machines).toHaveLength(2);
    for (const [, service] of machines)
      expect(service.command?.join(' ')).toContain('dist/src/shard-manager.js');
  });

  it('splits one shard total between the machines, every shard run exactly once', async () => {
    const plans = await Promise.all(machines.map(([, service]) => planShards(configOf(service))));
    const total = plans[0]!.totalShards;
    expect(plans.every((plan) => plan.totalShards === total)).toBe(true);
    const ids = plans.flatMap((plan) => plan.shardIds).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  it('points every machine at the compose PostgreSQL', () => {
    for (const [, service] of machines) {
      const url = new URL(configOf(service).DATABASE_URL ?? '');
      expect(url.protocol).toBe('postgres:');
      expect(compose.services[url.hostname]).toBeDefined();
    }
  });

  it("checks each machine's health on the port its first shard serves (HEALTH_PORT + shard id)", () => {
    for (const [, service] of machines) {
      const config = configOf(service);
      expect(config.HEALTH_PORT).toBeGreaterThan(0);
      const port = shardHealthPort(config.HEALTH_PORT ?? 0, { SHARDS: config.SHARD_IDS });
      // Without its own check, a machine uses the image's HEALTHCHECK, which asks HEALTH_PORT.
      const asked = service.healthcheck
        ? Number(/127\.0\.0\.1:(\d+)\//.exec(service.healthcheck.test.join(' '))?.[1])
        : config.HEALTH_PORT;
      expect(asked).toBe(port);
    }
  });
});
