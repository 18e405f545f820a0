// node-oidc-provider's storage on Redis, after the adapter interface it documents and the Redis
// example in its repository (example/adapters/redis.js, on ioredis). It is written here rather
// than taken from a package: the provider ships only its in-memory adapter, the example is not
// published to npm, and the adapters that are published are thinly kept. Changes from the
// example: a pushed authorization request is consumable too (version 8 consumes it at /auth);
// no lodash; and the grant list's expiry is raised inside the same MULTI (EXPIRE NX, then GT,
// Redis 7) instead of after a TTL read of its own, so an upsert is one round trip.
import { Redis } from 'ioredis';

/** Models whose records belong to a grant: revoking the grant deletes them all. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

/** Models that are used once: kept as a hash so `consume` can mark them in place. */
const CONSUMABLE = new Set([
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PushedAuthorizationRequest',
]);

type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string };

/** Requests sent to Redis (a MULTI … EXEC is one), for the bench's round trips per step. */
export const redisRoundTrips = { count: 0 };

const grantKeyFor = (id: string) => `grant:${id}`;
const userCodeKeyFor = (userCode: string) => `userCode:${userCode}`;
const uidKeyFor = (uid: string) => `uid:${uid}`;

/** One adapter class per Redis connection; the provider makes one instance per model name. */
export function redisAdapter(url: string) {
  const client = new Redis(url, { keyPrefix: 'oidc:' });
  const roundTrip = <T>(request: Promise<T>) => {
    redisRoundTrips.count++;
    return request;
  };

  return class RedisAdapter {
    constructor(private readonly name: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const key = this.key(id);
      const multi = client.multi();
      if (CONSUMABLE.has(this.name)) multi.hset(key, { payload: JSON.stringify(payload) });
      else multi.set(key, JSON.stringify(payload));
      if (expiresIn) multi.expire(key, expiresIn);
      if (GRANTABLE.has(this.name) && payload.grantId) {
        const grantKey = grantKeyFor(payload.grantId);
        multi.rpush(grantKey, key);
        if (expiresIn) {
          // The list lives as long as its longest-lived token: set when it has no expiry yet,
          // raised when this token outlives it.
          multi.expire(grantKey, expiresIn, 'NX');
          multi.expire(grantKey, expiresIn, 'GT');
        }
      }
      if (payload.userCode) {
        const userCodeKey = userCodeKeyFor(payload.userCode);
        multi.set(userCodeKey, id);
        if (expiresIn) multi.expire(userCodeKey, expiresIn);
      }
      if (payload.uid) {
        const uidKey = uidKeyFor(payload.uid);
        multi.set(uidKey, id);
        if (expiresIn) multi.expire(uidKey, expiresIn);
      }
      await roundTrip(multi.exec());
    }

    async find(id: string): Promise<Payload | undefined> {
      const key = this.key(id);
      if (!CONSUMABLE.has(this.name)) {
        const data = await roundTrip(client.get(key));
        return data ? (JSON.parse(data) as Payload) : undefined;
      }
      const { payload, ...rest } = await roundTrip(client.hgetall(key));
      return payload ? { ...rest, ...(JSON.parse(payload) as Payload) } : undefined;
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      const id = await roundTrip(client.get(uidKeyFor(uid)));
      return id ? this.find(id) : undefined;
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      const id = await roundTrip(client.get(userCodeKeyFor(userCode)));
      return id ? this.find(id) : undefined;
    }

    async destroy(id: string): Promise<void> {
      await roundTrip(client.del(this.key(id)));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const grantKey = grantKeyFor(grantId);
      // The list holds the records' keys without the client's prefix, which DEL adds back.
      const keys = await roundTrip(client.lrange(grantKey, 0, -1));
      const multi = client.multi();
      for (const key of keys) multi.del(key);
      multi.del(grantKey);
      await roundTrip(multi.exec());
    }

    async consume(id: string): Promise<void> {
      await roundTrip(client.hset(this.key(id), 'consumed', Math.floor(Date.now() / 1000)));
    }

    private key(id: string): string {
      return `${this.name}:${id}`;
    }
  };
}
