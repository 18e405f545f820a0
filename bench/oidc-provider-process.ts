import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./oidc-provider-server.ts', import.meta.url));

/** node-oidc-provider running in a child process of its own, on 127.0.0.1. */
export interface OidcProviderProcess {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/** In memory, or on the Redis at `redisUrl` (oidc-redis-adapter.ts). */
export async function startOidcProvider({
  redisUrl,
}: { redisUrl?: string } = {}): Promise<OidcProviderProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, NODE_ENV: 'production', REDIS_URL: redisUrl ?? '' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`oidc-provider exited early (${code})`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
