import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** Debian's Redis (`redis-server`), the store node-oidc-provider's durable setup runs on. */
const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

/** A Redis of the bench's own: one process on 127.0.0.1, its files in a temporary directory. */
export interface RedisProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Installs Debian's `redis-server` when it is missing and this runs as root (as test/browsers.mjs
 * does for browsers); otherwise says in one line what to install, and exits.
 */
export function ensureRedisServer(): void {
  if (executable(REDIS_SERVER)) return;
  if (process.getuid?.() !== 0) {
    console.error(
      'The durable node-oidc-provider peer needs Redis: run `sudo apt-get update && sudo apt-get install -y redis-server` (or set REDIS_SERVER_PATH).',
    );
    process.exit(1);
  }
  console.error("Installing redis-server from Debian's packages");
  // Where the package's service starts a system-wide Redis (port 6379), the bench's own one, at a
  // free port, is still the one measured.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  if (!executable(REDIS_SERVER)) throw new Error(`apt-get installed no ${REDIS_SERVER}`);
}

/**
 * Starts Redis as a bank would run it for durable sessions and tokens: the append-only file with
 * `appendfsync everysec` (at most a second of writes lost on a crash), no RDB snapshots (the
 * AOF is the durable copy; a snapshot's fork would be a second writer of the same data), on
 * 127.0.0.1 at a free port, with its files in `dir`.
 */
export async function startRedis(dir: string): Promise<RedisProcess> {
  const port = await freePort();
  const child = spawn(
    REDIS_SERVER,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--logfile',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited early (${code})`)));
  });
  child.stdout!.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A port nothing listens on now: the kernel picks one, and it is closed again for Redis. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
