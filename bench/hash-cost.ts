import { Miniflare } from 'miniflare';
import { hashSecret, PBKDF2_ITERATIONS } from '../server/crypto/password-hash.js';
import { bundleSmallWorker } from './small-worker.js';
import { childPids, cpuSeconds } from './process-stats.js';

/**
 * CPU milliseconds of one credential-hash verification (PBKDF2-SHA256, 100 000 iterations) in
 * workerd, per round: a Worker of its own verifies `hashes` times in one request; the CPU of a
 * request that verifies none is subtracted.
 */
export async function measureHashCost({
  rounds,
  hashes,
}: {
  rounds: number;
  hashes: number;
}): Promise<number[]> {
  const contents = await bundleSmallWorker('hash-worker.ts');
  const before = new Set(childPids(process.pid, 'workerd'));
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    modules: [{ type: 'ESModule', path: 'hash-worker.js', contents }],
    compatibilityDate: '2026-04-20',
    bindings: { SECRET: 'demo1234', STORED_HASH: await hashSecret('demo1234', PBKDF2_ITERATIONS) },
  });
  try {
    const origin = (await mf.ready).origin;
    const pid = childPids(process.pid, 'workerd').find((candidate) => !before.has(candidate))!;
    const cpuOf = async (count: number) => {
      const start = cpuSeconds(pid);
      const body = await (await fetch(`${origin}/?n=${count}`)).text();
      if (body !== String(count)) throw new Error(`hash worker verified ${body} of ${count}`);
      return cpuSeconds(pid) - start;
    };
    await cpuOf(2); // warm-up
    const perHash: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let empty = 0;
      for (let i = 0; i < 20; i++) empty += await cpuOf(0);
      perHash.push((((await cpuOf(hashes)) - empty / 20) * 1000) / hashes);
    }
    return perHash;
  } finally {
    await mf.dispose();
  }
}
