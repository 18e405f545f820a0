import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { runStep } from '../../flow-runner/run-step.js';
import { chooseScopes } from '../../flow/steps/scope-select.js';
import { validFlowInput } from '../../http/validate.js';
import { scopesInput } from './inputs.js';

/** Step 3 — service selection. */
export const scopeSelectRoutes = new Hono<AppEnv>().post(
  '/scopes',
  validFlowInput('json', scopesInput),
  (c) =>
    runStep(c, 'choose-scopes', ({ state, facts }) =>
      chooseScopes(state, c.req.valid('json').scopes, facts),
    ),
);
