import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT } from './bot-process.js';

/**
 * `npm install` prints no EBADENGINE on any Node that package.json's engines allow: every package in the
 * lock file accepts the lowest version of each range (vite and eslint need 20.19 or 22.12). (@langchain/openai 1.5.9 and later need Node 22 through openai 7; it is pinned
 * at 1.5.8, and @langchain/classic at 1.0.43, which depends on exactly that version.)
 */
interface Lock {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; dev?: boolean }>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lock;

/** The lowest Node version of each range in package.json's engines, e.g. 20.19.0 and 22.12.0. */
const lowest = new semver.Range(pkg.engines.node).set.map(
  (comparators) => semver.minVersion(new semver.Range(comparators.map((c) => c.value).join(' ')))!.version,
);

describe('engines', () => {
  it('package.json supports Node 20', () => {
    expect(semver.major(lowest[0] as string)).toBe(20);
  });

  it.each(lowest)('every locked package accepts Node %s', (node) => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        if (!range || semver.satisfies(node, range)) return [];
        return [`${path.replace(/^node_modules\//, '')}@${entry.version ?? '?'} (node ${range})`];
      });
    expect(refusing).toEqual([]);
  });
});
