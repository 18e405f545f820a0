import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { PendingAuthorization, ResponseMode, Tokens } from './bank-client.js';

/** A grant this partner holds at the bank, linked from this page. */
export interface LinkedGrant {
  grantId: string;
  clientId: string;
  /** How it was linked, and so how 再連携 runs: in the modal, or by redirect. */
  responseMode: ResponseMode;
  /** Forgotten once the partner disconnects the grant itself: they are dead at the bank too. */
  tokens?: Tokens;
}

/** The partner's own first-party session: which authorization is pending, which grants it holds. */
export interface PartnerSession {
  pending?: PendingAuthorization & {
    clientId: string;
    responseMode: ResponseMode;
    /** The grant a re-consent asks to replace. */
    replacing?: string;
  };
  /** Newest first. */
  grants: LinkedGrant[];
  outcome?: 'linked' | 'relinked' | 'denied' | 'failed' | 'disconnected';
  /** The bank's `error_description` when the last authorization ended in an error. */
  errorDescription?: string;
}

const sessions = new Map<string, PartnerSession>();
const COOKIE = 'kakeibo_session';

/** This browser's session, made (and its cookie set) if it has none. */
export function sessionOf(c: Context): PartnerSession {
  let id = getCookie(c, COOKIE);
  if (!id || !sessions.has(id)) {
    id = randomBytes(16).toString('base64url');
    sessions.set(id, { grants: [] });
    setCookie(c, COOKIE, id, { httpOnly: true, sameSite: 'Lax', path: '/' });
  }
  return sessions.get(id)!;
}

/**
 * This browser's session if it has one; makes none. For reads: a visit that only looks (every page
 * load asks for the linked grants) neither sets a cookie nor leaves a session behind in memory,
 * and cannot answer with a cookie that takes the place of the one a link started at the same time.
 */
export function existingSessionOf(c: Context): PartnerSession | undefined {
  const id = getCookie(c, COOKIE);
  return id === undefined ? undefined : sessions.get(id);
}
