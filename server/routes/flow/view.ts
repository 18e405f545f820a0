import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { viewOf } from '../../flow/views.js';
import { gatherFacts, loadTransaction } from './transaction.js';

/** The current view, unchanged: how the widget finds its place again after a network failure. */
export const viewRoutes = new Hono<AppEnv>().get('/view', async (c) => {
  const transaction = await loadTransaction(c);
  return c.json({ view: viewOf(transaction.state, await gatherFacts(c, transaction.state, transaction)) });
});
