import type { Flow } from './flow-driver.js';

/** A server under measurement: where it listens, its processes to read, its flow and its proof. */
export interface ServerTarget {
  label: string;
  origin: string;
  /** Every process whose CPU the server's work costs: workerd; node and redis-server. */
  pids: number[];
  flow: Flow;
  /** Whether an access token the flow obtained works against the server's resource API. */
  tokenWorks(accessToken: string): Promise<boolean>;
  /** The next unused flow index (our flows need a customer of their own each). */
  nextIndex(count: number): number;
}

/** Checks every token, 16 at a time; returns how many worked. */
export async function countWorkingTokens(
  target: Pick<ServerTarget, 'tokenWorks'>,
  tokens: string[],
): Promise<number> {
  let working = 0;
  let next = 0;
  const lane = async () => {
    while (next < tokens.length) if (await target.tokenWorks(tokens[next++])) working++;
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  return working;
}

export function indexAllocator(first = 0) {
  let next = first;
  return (count: number) => {
    const index = next;
    next += count;
    return index;
  };
}
