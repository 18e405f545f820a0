import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { startTransaction } from '../../flow-runner/start-transaction.js';
import { handleError } from '../../http/error-handler.js';
import { Problem } from '../../http/problem.js';
import { limitStartsPerIp, retryAfter } from '../../http/rate-limit.js';
import { validFlowInput } from '../../http/validate.js';
import { startInput } from './inputs.js';

/**
 * Step 0 for an element the bank hosts on a page of its own: uses up the request_uri and opens a
 * transaction bound to it. The bank's /authorize page does the same itself and embeds the answer.
 */
export const startRoutes = new Hono<AppEnv>().post(
  '/start',
  limitStartsPerIp((c) => handleError(tooManyStarts(), c)),
  validFlowInput('json', startInput),
  async (c) => {
    const { clientId, requestUri } = c.req.valid('json');
    const started = await startTransaction(c, clientId, requestUri);
    if (!started) {
      throw new Problem(
        400,
        'invalid_authorization_request',
        'This authorization request is invalid, used or expired.',
      );
    }
    return c.json({ transaction: started.transaction, view: started.view }, 201);
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
