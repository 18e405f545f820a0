import { cpuSeconds } from './process-stats.js';

/**
 * workerd's CPU milliseconds per request for one GET, per round, requests one after another.
 * The bench reads a path the Worker answers 404 at once, straight to the Worker (its routing)
 * and through Miniflare's entry worker and asset router (the local edge's share); what storage
 * calls cost is runtime-prices.ts's.
 */
export async function measureRequestCpu(
  { origin, pid }: { origin: string; pid: number },
  {
    path,
    status,
    rounds,
    requests,
  }: { path: string; status: number; rounds: number; requests: number },
): Promise<number[]> {
  const perRequest: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = cpuSeconds(pid);
    for (let i = 0; i < requests; i++) {
      const response = await fetch(`${origin}${path}`);
      await response.arrayBuffer();
      if (response.status !== status)
        throw new Error(`${path}: expected ${status}, got ${response.status}`);
    }
    perRequest.push(((cpuSeconds(pid) - start) * 1000) / requests);
  }
  return perRequest;
}
