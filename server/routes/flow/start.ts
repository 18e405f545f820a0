import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { gatherFacts } from '../../flow-runner/facts.js';
import { newTransactionHandle } from '../../flow-runner/transaction-handle.js';
import { transactionLifetimeMs } from '../../flow-runner/transaction-lifetime.js';
import { startFlow, viewOf } from '../../flow/views.js';
import { handleError } from '../../http/error-handler.js';
import { Problem } from '../../http/problem.js';
import { limitStartsPerIp, retryAfter } from '../../http/rate-limit.js';
import { validFlowInput } from '../../http/validate.js';
import { consumePushedRequest } from '../../storage/pushed-requests.js';
import { beginTransaction } from '../../storage/transactions.js';
import { startInput } from './inputs.js';

/** Step 0: uses up the request_uri and opens a transaction bound to it. */
export const startRoutes = new Hono<AppEnv>().post(
  '/start',
  limitStartsPerIp((c) => handleError(tooManyStarts(), c)),
  validFlowInput('json', startInput),
  async (c) => {
    const { clientId, requestUri } = c.req.valid('json');
    const now = Date.now();
    const request = await consumePushedRequest(c.env, requestUri, clientId, now);
    if (!request) {
      throw new Problem(
        400,
        'invalid_authorization_request',
        'This authorization request is invalid, used or expired.',
      );
    }
    const state = startFlow(request);
    const handle = newTransactionHandle(c);
    await beginTransaction(c.env, handle, state, now, transactionLifetimeMs(c.env, state));
    return c.json({ transaction: handle, view: viewOf(state, await gatherFacts(c, state)) }, 201);
  },
);

const tooManyStarts = () =>
  new Problem(
    429,
    'too_many_attempts',
    'Too many authorizations started from here. Please wait and try again.',
    {},
    retryAfter,
  );
