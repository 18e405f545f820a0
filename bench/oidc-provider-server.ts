// node-oidc-provider as a bank would otherwise run it, in a process of its own so that its CPU
// time and memory can be read from /proc: one confidential client (client_secret_basic), PKCE
// S256 required, PAR enabled, and its development interactions standing in for login and
// consent. Storage is its in-memory adapter, or with REDIS_URL set, Redis through
// oidc-redis-adapter.ts: the setup a bank would run. Prints `listening <port>` when ready.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { setStorage } from 'oidc-provider/lib/adapters/memory_adapter.js';
import QuickLRU from 'quick-lru';
import { OIDC_CLIENT } from './oidc-provider-client.js';
import { redisAdapter, redisRoundTrips } from './oidc-redis-adapter.js';

const redisUrl = process.env.REDIS_URL;
// Its in-memory adapter keeps at most 1 000 entries (about 150 flows' worth); a bank would use a
// database. A larger LRU keeps every token of a bench run valid until it is checked.
if (!redisUrl) setStorage(new QuickLRU({ maxSize: 1_000_000 }));

// The issuer names the port, so the port is chosen first and the provider made for it.
const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

const provider = new Provider(`http://127.0.0.1:${port}`, {
  ...(redisUrl && { adapter: redisAdapter(redisUrl) }),
  clients: [
    {
      client_id: OIDC_CLIENT.clientId,
      client_secret: OIDC_CLIENT.secret,
      redirect_uris: [OIDC_CLIENT.redirectUri],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { methods: ['S256'], required: () => true },
  features: {
    devInteractions: { enabled: true },
    pushedAuthorizationRequests: { enabled: true },
  },
  cookies: { keys: ['bench-cookie-signing-key'] },
});
const callback = provider.callback();
server.on('request', (request, response) => {
  // The bench's count of Redis round trips (bench/round-trips.ts); never a provider path.
  if (request.url === '/bench-only/round-trips') {
    response.setHeader('Content-Type', 'application/json');
    return response.end(JSON.stringify({ redis: redisRoundTrips.count }));
  }
  callback(request, response);
});
// Development-only warnings (dev keys, dev interactions) go to stderr, which the bench drops.
console.log(`listening ${port}`);
