import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { runStep } from '../../flow-runner/run-step.js';
import { endFlow } from '../../flow/endings.js';

/**
 * The customer gives up at any step (「連携先に戻る」): the flow ends with `access_denied` and
 * `error_description=cancelled`, and nothing staged is committed.
 */
export const cancelRoutes = new Hono<AppEnv>().post('/cancel', (c) =>
  runStep(c, 'cancel', ({ state }) => endFlow(state, 'cancelled', c.env.ISSUER)),
);
