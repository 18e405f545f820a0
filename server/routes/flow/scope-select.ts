import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { assertActionAccepted } from '../../flow/actions.js';
import { chooseScopes } from '../../flow/steps/scope-select.js';
import { validFlowInput } from '../../http/validate.js';
import { scopesInput } from './inputs.js';
import { advance, gatherFacts, loadTransaction } from './transaction.js';


/** Step 3 — service selection. */
export const scopeSelectRoutes = new Hono<AppEnv>().post('/scopes', validFlowInput('json', scopesInput), async (c) => {
  const transaction = await loadTransaction(c);
  assertActionAccepted(transaction.state.step, 'choose-scopes');
  const facts = await gatherFacts(c, transaction.state, transaction);
  const next = chooseScopes(transaction.state, c.req.valid('json').scopes, facts);
  return c.json(await advance(c, transaction, next, facts));
});
