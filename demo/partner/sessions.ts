import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { PendingAuthorization, Tokens } from './bank-client.js';

/** The partner's own first-party session: which authorization is pending, which tokens it holds. */
export interface PartnerSession {
  pending?: PendingAuthorization & { clientId: string };
  tokens?: Tokens;
  outcome?: 'linked' | 'denied' | 'failed';
}

const sessions = new Map<string, PartnerSession>();
const COOKIE = 'kakeibo_session';

export function sessionOf(c: Context): PartnerSession {
  let id = getCookie(c, COOKIE);
  if (!id || !sessions.has(id)) {
    id = randomBytes(16).toString('base64url');
    sessions.set(id, {});
    setCookie(c, COOKIE, id, { httpOnly: true, sameSite: 'Lax', path: '/' });
  }
  return sessions.get(id)!;
}
