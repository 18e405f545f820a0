import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { randomToken } from '../../crypto/random-token.js';
import { handleError } from '../../http/error-handler.js';
import { Problem } from '../../http/problem.js';
import { limitStartsPerIp, retryAfter } from '../../http/rate-limit.js';
import type { ManagementSession } from '../../manage/types.js';
import { saveManagementSession } from '../../storage/management-sessions.js';
import { manageViewOf } from './views.js';
import { sessionAt } from './session.js';

/**
 * Opens a management session at the login, under the same per-IP cap on starts as a flow, and
 * answers the view any session is at, e.g. to find the customer's place again after a network
 * failure.
 */
export const startRoutes = new Hono<AppEnv>()
  .post(
    '/start',
    limitStartsPerIp((c) => handleError(tooManyStarts(), c)),
    async (c) => {
      const session: ManagementSession = { stage: 'login' };
      const handle = randomToken();
      await saveManagementSession(c.env, handle, session, Date.now());
      return c.json({ transaction: handle, view: await manageViewOf(c, session) }, 201);
    },
  )
  .get('/view', async (c) => {
    const { handle, session } = await sessionAt(c, 'login', 'additional-auth', 'authenticated');
    await saveManagementSession(c.env, handle, session, Date.now());
    return c.json({ view: await manageViewOf(c, session) });
  });

const tooManyStarts = () =>
  new Problem(
    429,
    'too_many_attempts',
    'Too many sessions started from here. Please wait and try again.',
    {},
    retryAfter,
  );
