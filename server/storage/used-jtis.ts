import { DurableObject } from 'cloudflare:workers';
import { shardName, type Shards } from './shards.js';

/** A JWT ID lands in one shard of these, fixed by its subject and value (storage/shards.ts). */
const USED_JTI_SHARDS: Shards = { prefix: 'used-jtis', count: 64 };

/**
 * Records that a one-time JWT was used: true the first time, false for every later use while the
 * record lasts. `subject` scopes the ID (a client's assertions, a DPoP key's proofs), so that two
 * issuers choosing the same jti never collide; `expiresAt` is when the JWT stops being accepted
 * anyway, after which the record may go.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3 (item 7, jti)
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-11.1
 */
export function useJtiOnce(
  env: Env,
  subject: string,
  jti: string,
  expiresAt: number,
  now: number,
): Promise<boolean> {
  const key = `${subject} ${jti}`;
  const shard = env.USED_JTIS.get(env.USED_JTIS.idFromName(shardName(USED_JTI_SHARDS, key)));
  return shard.use(key, expiresAt, now);
}

/**
 * The IDs of one-time JWTs already used, in Durable Objects rather than KV because "used once"
 * needs a strongly consistent check-and-set: of two concurrent uses only one may win. Each object
 * holds one shard of keys; `use` touches SQLite with no await before its answer, so it is atomic.
 * The alarm deletes records once their JWTs have expired.
 */
export class UsedJtis extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS used_jtis (
      key TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    )`);
    ctx.storage.sql.exec(
      'CREATE INDEX IF NOT EXISTS used_jtis_by_expiry ON used_jtis (expires_at)',
    );
  }

  /** Records `key` unless a live record of it exists; an expired one the alarm missed is reused. */
  async use(key: string, expiresAt: number, now: number): Promise<boolean> {
    const recorded = this.ctx.storage.sql
      .exec(
        `INSERT INTO used_jtis (key, expires_at) VALUES (?1, ?2)
           ON CONFLICT (key) DO UPDATE SET expires_at = ?2 WHERE used_jtis.expires_at <= ?3
         RETURNING key`,
        key,
        expiresAt,
        now,
      )
      .toArray();
    if (recorded.length === 0) return false;
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > expiresAt) await this.ctx.storage.setAlarm(expiresAt);
    return true;
  }

  /** Deletes the expired records and wakes again by the next expiry. */
  override async alarm(): Promise<void> {
    const { sql } = this.ctx.storage;
    sql.exec('DELETE FROM used_jtis WHERE expires_at <= ?', Date.now());
    const { next } = sql
      .exec<{ next: number | null }>('SELECT min(expires_at) AS next FROM used_jtis')
      .one();
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }
}
