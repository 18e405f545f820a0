import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { randomToken } from '../../crypto/random-token.js';
import { sha256Base64url } from '../../crypto/sha256.js';
import { assertActionAccepted } from '../../flow/actions.js';
import { allow, assertContinueConfirmed, deny, planGrant } from '../../flow/steps/consent.js';
import { viewOf } from '../../flow/views.js';
import { Problem } from '../../http/problem.js';
import { validFlowInput } from '../../http/validate.js';
import { consentInput } from './inputs.js';
import { AUTHORIZATION_CODE_LIFETIME_MS, COMPLETED_TRANSACTION_MS } from '../../oauth/lifetimes.js';
import { commitGrant } from '../../storage/grants.js';
import { gatherFacts, loadTransaction, saveTransaction, transactionIdleMs } from './transaction.js';


/**
 * Step 6 — access permission. The transaction is marked complete first (compare-and-swap), so of
 * two concurrent 許可 only one commits; then the grant, the staged PINs and the code land in one
 * D1 batch. If that batch fails the transaction is put back and nothing was committed.
 */
export const consentRoutes = new Hono<AppEnv>().post('/consent', validFlowInput('json', consentInput), async (c) => {
  const transaction = await loadTransaction(c);
  const { state } = transaction;
  const { decision, confirmed } = c.req.valid('json');
  assertActionAccepted(state.step, decision);
  const facts = await gatherFacts(c, state, transaction);

  if (decision === 'deny') {
    const denied = deny(state, c.env.ISSUER);
    await saveTransaction(c, transaction, denied, { lifetimeMs: COMPLETED_TRANSACTION_MS });
    return c.json({ view: viewOf(denied, facts) });
  }

  assertContinueConfirmed(confirmed);
  const code = randomToken();
  const allowed = allow(state, code, c.env.ISSUER);
  await saveTransaction(c, transaction, allowed, { lifetimeMs: COMPLETED_TRANSACTION_MS });
  try {
    await commitGrant(c.env.DB, planGrant(state, facts), {
      codeHash: await sha256Base64url(code),
      redirectUri: state.request.redirectUri,
      codeChallenge: state.request.codeChallenge,
      expiresAt: Date.now() + AUTHORIZATION_CODE_LIFETIME_MS,
    });
  } catch (error) {
    await transaction.record.write(transaction.version + 1, state, Date.now(), transactionIdleMs(c.env));
    console.error('grant commit failed', (error as Error).name);
    throw new Problem(503, 'server_error', 'The authorization could not be saved. Please try again.');
  }
  return c.json({ view: viewOf(allowed, facts) });
});
