import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { authorizationCode } from '../../flow-runner/complete-authorization.js';
import { runStep } from '../../flow-runner/run-step.js';
import { allow, assertContinueConfirmed, chooseAccounts, deny } from '../../flow/steps/consent.js';
import { validFlowInput } from '../../http/validate.js';
import { consentInput } from './inputs.js';

/**
 * Step 6 — access permission. Both decisions complete the flow; what 許可 commits, and how a
 * retry or a later 拒否 stays consistent with it, is server/flow-runner/complete-authorization.ts.
 */
export const consentRoutes = new Hono<AppEnv>().post(
  '/consent',
  validFlowInput('json', consentInput),
  (c) => {
    const { decision, confirmed, accountIds } = c.req.valid('json');
    return runStep(c, decision, ({ state, facts }) => {
      if (decision === 'deny') return deny(state, c.env.ISSUER);
      assertContinueConfirmed(confirmed);
      const chosen = chooseAccounts(state, accountIds, facts);
      return allow(chosen, authorizationCode(chosen), c.env.ISSUER);
    });
  },
);
