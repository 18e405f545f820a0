import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as z from 'zod';
import type { AppEnv } from '../app-env.js';
import { sha256Base64url } from '../crypto/sha256.js';
import { validFlowInput } from '../http/validate.js';
import { grantedAccountIds } from '../storage/grants.js';
import { findAccessTokenGrant, type AccessTokenGrant } from '../storage/tokens.js';

type ApiEnv = AppEnv & { Variables: { grant: AccessTokenGrant } };

const REALM = 'realm="api-link-auth"';

/**
 * Bearer token authentication: 401 with a challenge for a missing or dead token.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
const requireAccessToken = createMiddleware<ApiEnv>(async (c, next) => {
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(c.req.header('Authorization') ?? '');
  if (!match) {
    return c.json({ error: 'invalid_request', error_description: 'A Bearer access token is required.' }, 401, {
      'WWW-Authenticate': `Bearer ${REALM}`,
    });
  }
  const grant = await findAccessTokenGrant(c.env.DB, await sha256Base64url(match[1]), Date.now());
  if (!grant) {
    return c.json({ error: 'invalid_token', error_description: 'The access token is invalid, expired or revoked.' }, 401, {
      'WWW-Authenticate': `Bearer ${REALM}, error="invalid_token"`,
    });
  }
  c.set('grant', grant);
  await next();
});

/** @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 (insufficient_scope, 403) */
const requireScope = (scope: string) =>
  createMiddleware<ApiEnv>(async (c, next) => {
    if (!c.get('grant').scopes.includes(scope)) {
      return c.json({ error: 'insufficient_scope', error_description: `This requires the "${scope}" scope.` }, 403, {
        'WWW-Authenticate': `Bearer ${REALM}, error="insufficient_scope", scope="${scope}"`,
      });
    }
    await next();
  });

/** An account outside the grant does not exist as far as this token is concerned. */
const requireGrantedAccount = createMiddleware<ApiEnv>(async (c, next) => {
  const accountIds = await grantedAccountIds(c.env.DB, c.get('grant').grantId);
  if (!accountIds.includes(c.req.param('accountId') ?? '')) return notFound(c);
  await next();
});

const notFound = (c: Context) => c.json({ error: 'not_found', error_description: 'No such account.' }, 404);

const accountPath = z.object({ accountId: z.string().min(1).max(64) });
const transactionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** The read-only account API the partner's tokens unlock (SPEC §4), over the bank's ledger. */
export const accountApiRoutes = new Hono<ApiEnv>()
  .use('/api/v1/*', requireAccessToken)
  .get('/api/v1/accounts', async (c) => {
    const grant = c.get('grant');
    const granted = new Set(await grantedAccountIds(c.env.DB, grant.grantId));
    const accounts = (await c.var.bank.accounts.accountsOf(grant.customerId)).filter((account) => granted.has(account.id));
    return c.json({ accounts, scopes: grant.scopes }, 200, { 'Cache-Control': 'no-store' });
  })
  .get(
    '/api/v1/accounts/:accountId/balance',
    validFlowInput('param', accountPath),
    requireScope('balance'),
    requireGrantedAccount,
    async (c) => {
      const { accountId } = c.req.valid('param');
      const balance = await c.var.bank.ledger.balance(accountId);
      if (!balance) return notFound(c);
      return c.json({ accountId, currency: 'JPY', ...balance }, 200, { 'Cache-Control': 'no-store' });
    },
  )
  .get(
    '/api/v1/accounts/:accountId/transactions',
    validFlowInput('param', accountPath),
    validFlowInput('query', transactionsQuery),
    requireScope('transactions'),
    requireGrantedAccount,
    async (c) => {
      const { accountId } = c.req.valid('param');
      const { limit } = c.req.valid('query');
      const transactions = await c.var.bank.ledger.recentEntries(accountId, limit);
      return c.json({ accountId, currency: 'JPY', transactions }, 200, { 'Cache-Control': 'no-store' });
    },
  );
