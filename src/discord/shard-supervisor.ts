import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { ShardingManager, type Shard } from 'discord.js';
import type { Logger } from '../logger.js';
import type { ShardPlan } from './shards.js';

export interface ShardSupervisorOptions {
  /** The entry each shard process runs (src/main.ts). */
  file: string;
  plan: ShardPlan;
  token: string;
  logger: Logger;
  /** Node flags of the shard processes (`['--import', <tsx>]` to run TypeScript). */
  execArgv?: string[];
  /**
   * Pause between starting two shards. Discord accepts one IDENTIFY per 5 s per rate-limit bucket, and
   * discord.js cannot space them across processes itself; 5,500 ms is discord.js's own default.
   */
  spawnDelayMs?: number;
  /** How long a shard may take to become ready (load the index, connect) before start-up fails. */
  readyTimeoutMs?: number;
}

/** Shard processes under one ShardingManager, started and stopped as a whole. */
export interface ShardSupervisor {
  readonly manager: ShardingManager;
  /**
   * Starts the plan's shards one after another and resolves once all are ready; from then on a shard
   * that dies is started again. Rejects when a shard dies or times out during start-up (nothing is
   * respawned then: a shard that cannot start, say for want of an index, would only crash again).
   */
  start(): Promise<void>;
  /**
   * Forwards `signal` to every shard process (each finishes its questions in flight, then exits) and
   * resolves once all have exited: 0 when every one exited with 0, else 1. No shard is started again.
   */
  stop(signal: NodeJS.Signals): Promise<number>;
  /** Kills every shard process at once (SIGKILL): the second Ctrl-C. */
  kill(): void;
}

/**
 * Runs shards with discord.js's ShardingManager in process mode and logs each shard's life
 * (spawn, ready, gateway disconnect, reconnect, resume, death) with its shard id and pid.
 * The manager only supervises: it never connects to Discord itself.
 */
export function createShardSupervisor(options: ShardSupervisorOptions): ShardSupervisor {
  const { plan, logger } = options;
  const manager = new ShardingManager(options.file, {
    totalShards: plan.totalShards,
    shardList: plan.shardIds,
    token: options.token,
    execArgv: options.execArgv ?? [],
    mode: 'process',
    // Off until every shard has started once; see start().
    respawn: false,
  });
  const spawnDelayMs = options.spawnDelayMs ?? 5500;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  let stopping = false;
  const pause = new AbortController();

  manager.on('shardCreate', (shard) => followShard(shard, logger, () => stopping));

  return {
    manager,
    async start() {
      // discord.js's manager.spawn() does the same loop, but cannot be stopped halfway: a SIGTERM during
      // start-up would still start the shards after it.
      for (const [index, id] of plan.shardIds.entries()) {
        if (stopping) return;
        const shard = manager.createShard(id);
        const last = index === plan.shardIds.length - 1;
        try {
          await Promise.all([
            shard.spawn(readyTimeoutMs),
            last || spawnDelayMs <= 0
              ? undefined
              : sleep(spawnDelayMs, undefined, { signal: pause.signal }).catch(() => undefined),
          ]);
        } catch (error) {
          if (stopping) return;
          throw new Error(`shard ${id} did not start: ${(error as Error).message}`, { cause: error });
        }
      }
      if (!stopping) manager.respawn = true;
    },
    async stop(signal) {
      stopping = true;
      manager.respawn = false;
      pause.abort();
      const exits = [...manager.shards.values()].map((shard) => stopShard(shard, signal, logger));
      const codes = await Promise.all(exits);
      return codes.every((code) => code === 0) ? 0 : 1;
    },
    kill() {
      stopping = true;
      manager.respawn = false;
      for (const shard of manager.shards.values()) shard.process?.kill('SIGKILL');
    },
  };
}

function followShard(shard: Shard, logger: Logger, stopping: () => boolean): void {
  const log = logger.child({ shard: shard.id });
  let pid: number | undefined;
  shard.on('spawn', (child) => {
    pid = (child as ChildProcess).pid; // process mode: always a ChildProcess
    log.info({ shardPid: pid }, 'shard process started');
  });
  shard.on('ready', () => log.info({ shardPid: pid }, 'shard ready'));
  // A shard that logs out on shutdown reports a disconnect too; stop() logs its exit instead.
  shard.on('disconnect', () => {
    if (!stopping()) log.warn({ shardPid: pid }, 'shard disconnected from the gateway');
  });
  shard.on('reconnecting', () => {
    if (!stopping()) log.info({ shardPid: pid }, 'shard reconnecting to the gateway');
  });
  shard.on('resume', () => log.info({ shardPid: pid }, 'shard resumed its gateway session'));
  shard.on('death', (child) => {
    if (stopping()) return;
    const { exitCode, signalCode } = child as ChildProcess;
    const exit = { shardPid: pid, code: exitCode, signal: signalCode };
    if (shard.manager.respawn) log.error(exit, 'shard process died; starting it again');
    else log.error(exit, 'shard process died');
  });
  shard.on('error', (error: unknown) => log.error({ err: error, shardPid: pid }, 'shard error'));
}

/** Sends the signal and resolves with the exit code (0 clean, 1 otherwise) once the process is gone. */
async function stopShard(shard: Shard, signal: NodeJS.Signals, logger: Logger): Promise<number> {
  const child = shard.process;
  if (!child) return 0;
  // Exited already (it died during start-up, say); death was logged then.
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode === 0 ? 0 : 1;
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  if (!child.kill(signal))
    logger.warn({ shard: shard.id, shardPid: child.pid, signal }, 'could not signal shard');
  const [code, exitSignal] = await exited;
  logger.info({ shard: shard.id, shardPid: child.pid, code, signal: exitSignal }, 'shard process exited');
  return code === 0 ? 0 : 1;
}
