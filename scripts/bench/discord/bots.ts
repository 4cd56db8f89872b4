import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAKE_TOKEN } from '../../../test/support/fake-discord/ids.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A bot under test that has been started. */
export interface BotProcess {
  /** The process whose tree's RSS and CPU are sampled (the bench's own pid for an in-process bot). */
  pid: number;
  /** Settles when the process ends on its own (never, for an in-process bot). */
  exited: Promise<string>;
  /** Asks the bot to stop (SIGTERM: it finishes what is in flight) and waits; kills it after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** How to start one of the bots the load bench compares. */
export interface BotLauncher {
  name: string;
  description: string;
  start(apiUrl: string): Promise<BotProcess>;
}

/** The last lines of a log file, to say why a bot process ended. */
function tail(file: string, lines = 8): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** package.json's start script, each `${VAR:-default}` expanded from this process's environment. */
function startScript(): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return (manifest.scripts.start ?? '').replace(
    /\$\{(\w+):-([^}]*)\}/g,
    (_, name: string, fallback: string) => process.env[name] || fallback,
  );
}

/** The file `npm start` runs (dist/src/main.js). */
export function startEntry(): string {
  const entry = /\s(\S+\.[cm]?[jt]s)\s*$/.exec(startScript())?.[1];
  if (!entry) throw new Error('package.json: the start script names no entry file');
  return entry;
}

/**
 * The V8 heap flags of `npm start`, so the bench measures the bot as it is started, with one copy of
 * the flags.
 */
export function startHeapFlags(): string[] {
  return startScript().match(/--max-(old|semi)-space-size=\S+/g) ?? [];
}

/** The environment `npm start` sets for node (`env NAME=value`): MALLOC_ARENA_MAX, read by glibc before node starts. */
export function startEnv(): Record<string, string> {
  return Object.fromEntries(
    [...startScript().matchAll(/(?:^|\s)([A-Z][A-Z0-9_]*)=(\S+)/g)].map(([, name, value]) => [name!, value!]),
  );
}

/**
 * Runs `node <heap flags> <script>` from the repository root, as `npm start` does (its environment too),
 * through tsx when the script is TypeScript, with `env` on top of this process's environment; its stdout
 * and stderr go to `logFile`.
 */
export function spawnNode(script: string, args: string[], env: Record<string, string>, logFile: string) {
  const log = openSync(logFile, 'a');
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...startHeapFlags(), ...loader, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...startEnv(), ...env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) =>
      resolve(`${script} exited (${signal ?? `code ${code}`}); last log lines:\n${tail(logFile)}`),
    ),
  );
  return { child, exited };
}

function spawnedBot(spec: {
  name: string;
  description: string;
  script: string;
  args: string[];
  env: (apiUrl: string) => Record<string, string>;
  logFile: string;
  /** Runs before the bot starts (guidebot: the build `npm start` runs first). */
  prepare?: () => void;
}): BotLauncher {
  const { name, description, script, args, env, logFile } = spec;
  return {
    name,
    description,
    async start(apiUrl) {
      spec.prepare?.();
      const { child, exited } = spawnNode(
        script,
        args,
        { DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: apiUrl, ...env(apiUrl) },
        logFile,
      );
      let ended = false;
      void exited.then(() => (ended = true));
      if (child.pid === undefined) throw new Error(`${name}: could not start ${script}`);
      return {
        pid: child.pid,
        exited,
        async stop(graceMs = 30_000) {
          if (ended) return;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        },
      };
    },
  };
}

/**
 * guidebot itself, as `npm start` runs it (built, `dist/src/main.js`) in its own process, answering from `indexDir`. The cooldown is off
 * (simulated members ask again sooner than people do) and no channel allow-list applies.
 */
export function guidebotLauncher(options: {
  indexDir: string;
  corpusDir: string;
  databasePath: string;
  logFile: string;
}): BotLauncher {
  return spawnedBot({
    name: 'guidebot',
    description: 'the real bot as npm start runs it: built, then node dist/src/main.js with its heap flags',
    script: startEntry(),
    // `npm start` builds first (prestart); so does the bench, with the same script.
    prepare: () =>
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' }),
    args: [],
    env: () => ({
      INDEX_DIR: options.indexDir,
      CORPUS_DIR: options.corpusDir,
      DATABASE_PATH: options.databasePath,
      COOLDOWN_SECONDS: '0',
      ALLOWED_CHANNEL_IDS: '',
      PRIVATE_BY_DEFAULT: 'false',
    }),
    logFile: options.logFile,
  });
}

/** The minimal discord.js bot of reference-bot.ts, answering at once in `style`. */
export function referenceLauncher(style: 'reply' | 'defer', logFile: string): BotLauncher {
  return spawnedBot({
    name: `ref-${style}`,
    description:
      style === 'reply'
        ? 'reference: discord.js, instant interaction.reply (one step)'
        : 'reference: discord.js, instant deferReply + editReply',
    script: 'scripts/bench/discord/reference-bot.ts',
    args: ['--style', style],
    env: () => ({}),
    logFile,
  });
}

/** A bot started inside this process (tests); its RSS is the bench's own. */
export function inProcessLauncher(
  name: string,
  description: string,
  start: (apiUrl: string) => Promise<{ stop(): Promise<void> }>,
): BotLauncher {
  return {
    name,
    description,
    async start(apiUrl) {
      const running = await start(apiUrl);
      return { pid: process.pid, exited: new Promise<string>(() => {}), stop: () => running.stop() };
    },
  };
}

/** Builds guidebot's index of `corpusDir` into `indexDir` with `npm run ingest`'s script and the configured embedder. */
export async function buildIndex(corpusDir: string, indexDir: string, logFile: string): Promise<void> {
  const { exited } = spawnNode(
    'scripts/ingest.ts',
    ['--json'],
    { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir },
    logFile,
  );
  const outcome = await exited;
  if (!outcome.includes('code 0')) throw new Error(`building the index failed: ${outcome}`);
}
