// A Worker that only verifies a stored credential hash `n` times, with the Worker's own code
// (server/crypto/password-hash.ts), so the cost of one hash in workerd can be read from /proc.
import { verifySecret } from '../server/crypto/password-hash.js';

interface HashEnv {
  STORED_HASH: string;
  SECRET: string;
}

export default {
  async fetch(request: Request, env: HashEnv): Promise<Response> {
    const count = Math.min(1_000, Number(new URL(request.url).searchParams.get('n') ?? 0));
    let matched = 0;
    for (let i = 0; i < count; i++) if (await verifySecret(env.SECRET, env.STORED_HASH)) matched++;
    return new Response(String(matched));
  },
};
