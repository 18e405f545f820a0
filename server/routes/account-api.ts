import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as z from 'zod';
import { requireAccessToken, requireScope, type ApiEnv } from '../http/access-token.js';
import { validFlowInput } from '../http/validate.js';
import { recordGrantUse } from '../storage/grant-use.js';
import { grantedAccountIds } from '../storage/grants.js';

/** An account outside the grant does not exist as far as this token is concerned. */
const requireGrantedAccount = createMiddleware<ApiEnv>(async (c, next) => {
  const accountIds = await grantedAccountIds(c.env.DB, c.get('grant').grantId);
  if (!accountIds.includes(c.req.param('accountId') ?? '')) return notFound(c);
  await next();
});

/** The partner's last use of the grant, shown to it and to the customer (storage/grant-use.ts). */
const recordUse = createMiddleware<ApiEnv>(async (c, next) => {
  await recordGrantUse(c.env.DB, c.get('grant').grantId, Date.now());
  await next();
});

const notFound = (c: Context) =>
  c.json({ error: 'not_found', error_description: 'No such account.' }, 404);

const accountPath = z.object({ accountId: z.string().min(1).max(64) });
const transactionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** The read-only account API the partner's tokens unlock , over the bank's ledger. */
export const accountApiRoutes = new Hono<ApiEnv>()
  .use('/api/v1/*', requireAccessToken, recordUse)
  .get('/api/v1/accounts', async (c) => {
    const grant = c.get('grant');
    const granted = new Set(await grantedAccountIds(c.env.DB, grant.grantId));
    const accounts = (await c.var.bank.accounts.accountsOf(grant.customerId)).filter((account) =>
      granted.has(account.id),
    );
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
      return c.json({ accountId, currency: 'JPY', ...balance }, 200, {
        'Cache-Control': 'no-store',
      });
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
      return c.json({ accountId, currency: 'JPY', transactions }, 200, {
        'Cache-Control': 'no-store',
      });
    },
  );
