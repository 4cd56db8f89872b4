import { describe, expect, it } from 'vitest';
import { hashCorpus } from '../../src/index/manifest.js';
import { ANSWER_SECONDS_BUCKETS, createMetrics } from '../../src/ops/metrics.js';

/** The bot's Prometheus metrics, read back through the exposition text a scraper gets. */
describe('createMetrics', () => {
  it('counts questions, answers by outcome, refusals by reason and answer latency', async () => {
    const metrics = createMetrics();
    metrics.observeAnswer('answered', 0.12);
    metrics.observeAnswer('answered', 0.03);
    metrics.observeAnswer('pinned', 0.004);
    metrics.observeAnswer('error', 1.5);
    metrics.observeRefusal('cooldown');
    const { contentType, body } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('guidebot_questions_total 5');
    expect(body).toContain('guidebot_answers_total{outcome="answered"} 2');
    expect(body).toContain('guidebot_answers_total{outcome="pinned"} 1');
    expect(body).toContain('guidebot_answers_total{outcome="error"} 1');
    expect(body).toContain('guidebot_refusals_total{reason="cooldown"} 1');
    expect(body).toContain('guidebot_answer_seconds_bucket{le="0.005",outcome="pinned"} 1');
    expect(body).toContain('guidebot_answer_seconds_bucket{le="0.1",outcome="answered"} 1');
    expect(body).toContain('guidebot_answer_seconds_bucket{le="0.25",outcome="answered"} 2');
    expect(body).toContain('guidebot_answer_seconds_count{outcome="answered"} 2');
  });

  it('has latency buckets from 5 ms to 5 s', () => {
    expect(ANSWER_SECONDS_BUCKETS[0]).toBe(0.005);
    expect(ANSWER_SECONDS_BUCKETS.at(-1)).toBe(5);
  });

  it('exports the serving index only, reloads by result, Discord errors by kind, gateway events and the shard', async () => {
    const metrics = createMetrics();
    metrics.setIndex({ buildId: 'b1', files: { 'guide.md': 'aa' } });
    metrics.setIndex({ buildId: 'b2', files: { 'guide.md': 'bb' } });
    metrics.countIndexReload('reloaded');
    metrics.countIndexReload('failed');
    metrics.countDiscordError('rate_limited');
    metrics.countGatewayEvent('reconnecting', 0);
    const { body } = await metrics.render();
    expect(body).not.toContain('build_id="b1"');
    expect(body).toContain(
      `guidebot_index_info{build_id="b2",corpus_hash="${hashCorpus({ 'guide.md': 'bb' })}"} 1`,
    );
    expect(body).toContain('guidebot_index_reloads_total{result="reloaded"} 1');
    expect(body).toContain('guidebot_index_reloads_total{result="failed"} 1');
    expect(body).toContain('guidebot_discord_errors_total{kind="rate_limited"} 1');
    expect(body).toContain('guidebot_gateway_events_total{event="reconnecting",shard="0"} 1');
    expect(body).toContain('guidebot_shard_info{shard="0"} 1');
    metrics.setShard(3);
    expect((await metrics.render()).body).toContain('guidebot_shard_info{shard="3"} 1');
    expect((await metrics.render()).body).not.toContain('guidebot_shard_info{shard="0"}');
  });

  it('includes the default process metrics, in a registry of its own', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.observeRefusal('empty');
    const { body } = await second.render();
    expect(body).toContain('process_cpu_user_seconds_total');
    expect(body).toContain('nodejs_eventloop_lag_seconds');
    expect(body).toContain('guidebot_questions_total 0');
  });

  it('hashes a corpus by its files, whatever the order they are listed in', () => {
    expect(hashCorpus({ a: '1', b: '2' })).toBe(hashCorpus({ b: '2', a: '1' }));
    expect(hashCorpus({ a: '1', b: '2' })).not.toBe(hashCorpus({ a: '1', b: '3' }));
    expect(hashCorpus({ a: '1' })).toMatch(/^[0-9a-f]{12}$/);
  });
});
