import { DurableObject } from 'cloudflare:workers';
import type { CustomerAccount } from '../flow/facts.js';
import type { AuthorizationRequest, FlowState } from '../flow/types.js';
import { startFlow } from '../flow/views.js';
import { transactionLifetimeMs } from '../flow-runner/transaction-lifetime.js';
import type { ManagementSession } from '../manage/types.js';

export type TransactionSnapshot =
  | {
      status: 'active';
      state: FlowState;
      version: number;
      /**
       * The customer's accounts as the bank listed them at login, with their registration state
       * then: every later step shows or checks them, and asking the bank again each time would
       * cost a round trip per step for the same list.
       */
      accounts?: CustomerAccount[];
    }
  /** Idle too long; `state` is its last, so the partner can still be told how it ended. */
  | { status: 'expired'; state: FlowState }
  | { status: 'not-found' };

export type WriteResult = 'written' | 'conflict' | 'expired';

/**
 * How long an expired transaction is remembered (its last state only, never written again), so
 * that a customer who comes back late is sent to the partner with `transaction_expired`.
 */
const REMEMBER_EXPIRED_MS = 60 * 60_000;

interface TransactionRow extends Record<string, SqlStorageValue> {
  state: string;
  version: number;
  expires_at: number;
  accounts: string | null;
}

/**
 * Authorization transactions, the single place their state lives, and the pushed authorization
 * requests they start from, and customers' management sessions of 連携サービス一覧
 * (transactions.ts picks the object of a handle or request_uri: all are short-lived, used by one
 * customer, and expire by the same alarm). Each object is single-threaded and every method touches SQLite with no
 * await in between, so each step is serialized and strongly consistent. Writes are
 * compare-and-swap on `version`, so two concurrent submissions of the same step cannot both
 * succeed. The alarm deletes each transaction once it has been idle too long, leaving nothing
 * behind.
 */
export class FlowTransactions extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS transactions (
      handle TEXT PRIMARY KEY,
      state TEXT NOT NULL,
      version INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      accounts TEXT
    )`);
    ctx.storage.sql.exec(
      'CREATE INDEX IF NOT EXISTS transactions_by_expiry ON transactions (expires_at)',
    );
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS pushed_requests (
      request_uri TEXT PRIMARY KEY,
      client_id TEXT NOT NULL,
      request TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    )`);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS management_sessions (
      handle TEXT PRIMARY KEY,
      session TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    )`);
  }

  /** Stores a pushed authorization request (RFC 9126 §2.2) under its one-time request_uri. */
  async push(requestUri: string, request: AuthorizationRequest, expiresAt: number): Promise<void> {
    this.ctx.storage.sql.exec(
      'INSERT INTO pushed_requests (request_uri, client_id, request, expires_at) VALUES (?, ?, ?, ?)',
      requestUri,
      request.clientId,
      JSON.stringify(request),
      expiresAt,
    );
    await this.wakeBy(expiresAt);
  }

  /**
   * Uses up a request_uri pushed by `clientId` and begins the transaction of `handle` from it
   * (the first state is the pure engine's, server/flow/views.ts): one call, so a start writes
   * once. Of two concurrent starts only one gets the request, since the object runs one call at a
   * time (RFC 9126 §4: "request_uri ... MUST be single use"); both writes commit together or
   * neither does. The request, or null when the request_uri is unknown, another client's, used or
   * expired.
   */
  async start(
    requestUri: string,
    clientId: string,
    handle: string,
    now: number,
  ): Promise<AuthorizationRequest | null> {
    const { sql } = this.ctx.storage;
    const started = this.ctx.storage.transactionSync(() => {
      const [row] = sql
        .exec<{ request: string }>(
          'DELETE FROM pushed_requests WHERE request_uri = ? AND client_id = ? AND expires_at > ? RETURNING request',
          requestUri,
          clientId,
          now,
        )
        .toArray();
      if (!row) return null;
      const request = JSON.parse(row.request) as AuthorizationRequest;
      const state = startFlow(request);
      const expiresAt = now + transactionLifetimeMs(this.env, state);
      sql.exec(
        'INSERT INTO transactions (handle, state, version, expires_at) VALUES (?, ?, 1, ?)',
        handle,
        JSON.stringify(state),
        expiresAt,
      );
      return { request, expiresAt };
    });
    if (!started) return null;
    await this.wakeBy(started.expiresAt + REMEMBER_EXPIRED_MS);
    return started.request;
  }

  read(handle: string, now: number): TransactionSnapshot {
    const row = this.row(handle);
    if (!row) return { status: 'not-found' };
    const state = JSON.parse(row.state) as FlowState;
    if (row.expires_at <= now) return { status: 'expired', state };
    return {
      status: 'active',
      state,
      version: row.version,
      accounts: row.accounts === null ? undefined : (JSON.parse(row.accounts) as CustomerAccount[]),
    };
  }

  /**
   * Replaces the state if nobody wrote since `version` was read and it has not expired meanwhile.
   * The accounts are kept unless new ones are given.
   */
  async write(
    handle: string,
    version: number,
    state: FlowState,
    now: number,
    lifetimeMs: number,
    accounts?: CustomerAccount[],
  ): Promise<WriteResult> {
    const expiresAt = now + lifetimeMs;
    // The compare and the swap in one statement; only a refused write reads the row, to say why.
    const written = this.ctx.storage.sql
      .exec(
        `UPDATE transactions SET state = ?, version = version + 1, expires_at = ?,
                accounts = coalesce(?, accounts)
          WHERE handle = ? AND version = ? AND expires_at > ? RETURNING version`,
        JSON.stringify(state),
        expiresAt,
        accounts ? JSON.stringify(accounts) : null,
        handle,
        version,
        now,
      )
      .toArray();
    if (written.length === 0) {
      const row = this.row(handle);
      return !row || row.expires_at <= now ? 'expired' : 'conflict';
    }
    await this.wakeBy(expiresAt + REMEMBER_EXPIRED_MS);
    return 'written';
  }

  end(handle: string): void {
    this.ctx.storage.sql.exec('DELETE FROM transactions WHERE handle = ?', handle);
  }

  /**
   * Stores a customer's management session (連携サービス一覧, server/storage/management-sessions.ts):
   * short-lived and used by one customer like a transaction, so it lives and expires beside them.
   */
  async saveSession(handle: string, session: ManagementSession, expiresAt: number): Promise<void> {
    this.ctx.storage.sql.exec(
      'INSERT OR REPLACE INTO management_sessions (handle, session, expires_at) VALUES (?, ?, ?)',
      handle,
      JSON.stringify(session),
      expiresAt,
    );
    await this.wakeBy(expiresAt);
  }

  /** The session of `handle` unless it expired (nothing is kept of an expired one). */
  readSession(handle: string, now: number): ManagementSession | null {
    const [row] = this.ctx.storage.sql
      .exec<{ session: string }>(
        'SELECT session FROM management_sessions WHERE handle = ? AND expires_at > ?',
        handle,
        now,
      )
      .toArray();
    return row ? (JSON.parse(row.session) as ManagementSession) : null;
  }

  endSession(handle: string): void {
    this.ctx.storage.sql.exec('DELETE FROM management_sessions WHERE handle = ?', handle);
  }

  /** How many records this object holds, expired ones until the alarm. */
  size(): number {
    return this.ctx.storage.sql
      .exec<{ n: number }>(
        `SELECT (SELECT count(*) FROM transactions) + (SELECT count(*) FROM pushed_requests)
              + (SELECT count(*) FROM management_sessions) AS n`,
      )
      .one().n;
  }

  /** Deletes what expired, then wakes again when the next record will. */
  override async alarm(): Promise<void> {
    const { sql } = this.ctx.storage;
    const now = Date.now();
    sql.exec('DELETE FROM transactions WHERE expires_at <= ?', now - REMEMBER_EXPIRED_MS);
    sql.exec('DELETE FROM pushed_requests WHERE expires_at <= ?', now);
    sql.exec('DELETE FROM management_sessions WHERE expires_at <= ?', now);
    const { next } = sql
      .exec<{ next: number | null }>(
        `SELECT min(at) AS next FROM
           (SELECT expires_at + ? AS at FROM transactions
            UNION ALL SELECT expires_at FROM pushed_requests
            UNION ALL SELECT expires_at FROM management_sessions)`,
        REMEMBER_EXPIRED_MS,
      )
      .one();
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  private row(handle: string): TransactionRow | undefined {
    return this.ctx.storage.sql
      .exec<TransactionRow>(
        'SELECT state, version, expires_at, accounts FROM transactions WHERE handle = ?',
        handle,
      )
      .toArray()[0];
  }

  /** The alarm is always due by the earliest expiry held. */
  private async wakeBy(expiresAt: number): Promise<void> {
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > expiresAt) await this.ctx.storage.setAlarm(expiresAt);
  }
}
