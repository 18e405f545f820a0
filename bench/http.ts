import { createHash, randomBytes } from 'node:crypto';

/** HTTP helpers shared by the flows the driver runs: what a partner backend and a browser send. */
export function basicAuthorization(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return 'Basic ' + Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64');
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const randomState = () => randomBytes(16).toString('base64url');

/** The response's JSON when it has the expected status; otherwise an error saying what came. */
export async function expectJson<T>(response: Response, status: number): Promise<T> {
  if (response.status !== status) {
    throw new Error(`HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
  }
  return (await response.json()) as T;
}

export function postForm(
  url: string,
  values: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(values).toString(),
    redirect: 'manual',
  });
}
