import { existsSync, readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';

/** A start-up failure whose message says all: printed without a stack trace. */
export class StartupError extends Error {}

export interface LockHolder {
  pid: number;
  /** Linux: the boot the process ran in, and its start time in clock ticks since boot. */
  bootId: string | null;
  startTicks: string | null;
  port: number;
  startedAt: string;
}

export const LOCK_FILE = 'service.lock';

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
export function processStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process recorded in a lock still runs. A pid alone is not enough: after a power
 * cut the same number may belong to an unrelated process, so on Linux the boot and the
 * process's start time must match too.
 */
export function holderAlive(holder: LockHolder): boolean {
  if (!Number.isInteger(holder.pid) || holder.pid <= 0 || !isAlive(holder.pid)) return false;
  const boot = bootId();
  if (boot && holder.bootId && boot !== holder.bootId) return false;
  const ticks = processStartTicks(holder.pid);
  if (ticks && holder.startTicks && ticks !== holder.startTicks) return false;
  return true;
}

function parse(text: string): LockHolder | null {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    return typeof v.pid === 'number'
      ? { pid: v.pid, bootId: v.bootId ?? null, startTicks: v.startTicks ?? null, port: Number(v.port ?? 0), startedAt: String(v.startedAt ?? '') }
      : null;
  } catch {
    return null;
  }
}

/** The live holder of the data folder's lock, if any (backup uses it to find the running database). */
export function currentHolder(dataDir: string): LockHolder | null {
  const file = resolve(dataDir, LOCK_FILE);
  if (!existsSync(file)) return null;
  const holder = parse(readFileSync(file, 'utf8'));
  return holder && holderAlive(holder) ? holder : null;
}

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Makes this process the only one using `dataDir` (its embedded PostgreSQL, its secrets).
 * A lock left by a process that died (kill -9, power cut) is taken over; a live one is a
 * StartupError naming the folder and the process.
 */
export async function lockDataDir(dataDir: string, port: number, log: (msg: string) => void): Promise<DataDirLock> {
  const file = resolve(dataDir, LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, bootId: bootId(), startTicks: processStartTicks(process.pid), port, startedAt: new Date().toISOString() };
  const text = JSON.stringify(mine) + '\n';
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(text);
      await handle.sync();
      await handle.close();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = parse(await readFile(file, 'utf8').catch(() => ''));
      if (holder && holderAlive(holder)) {
        throw new StartupError(
          `DATA_DIR ${resolve(dataDir)} is in use by SI-RANAP process ${holder.pid} (running since ${holder.startedAt}). ` +
            `Two services on one data folder would share one database: stop process ${holder.pid} first, or give this one another DATA_DIR.`,
        );
      }
      log(`taking over ${file}: left by process ${holder?.pid ?? '(unreadable)'}, which is no longer running`);
      await unlink(file).catch(() => undefined);
      continue;
    }
    // Two processes taking over the same stale lock at once: only the one whose content stayed wins.
    await new Promise((r) => setTimeout(r, 50));
    if ((await readFile(file, 'utf8').catch(() => '')) !== text) continue;
    return {
      release: async () => {
        if ((await readFile(file, 'utf8').catch(() => '')) === text) await unlink(file).catch(() => undefined);
      },
    };
  }
  throw new StartupError(`could not take the lock ${file}: another process keeps taking it`);
}
