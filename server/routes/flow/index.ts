import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { additionalAuthRoutes } from './additional-auth.js';
import { cancelRoutes } from './cancel.js';
import { consentRoutes } from './consent.js';
import { loginRoutes } from './login.js';
import { pinRegisterRoutes } from './pin-register.js';
import { scopeSelectRoutes } from './scope-select.js';
import { startRoutes } from './start.js';
import { viewRoutes } from './view.js';

/** The widget's flow API, one sub-app per step (each a call to flow-runner/run-step.ts). Nothing of it may be cached. */
export const flowRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  })
  .route('/', startRoutes)
  .route('/', viewRoutes)
  .route('/', loginRoutes)
  .route('/', additionalAuthRoutes)
  .route('/', scopeSelectRoutes)
  .route('/', pinRegisterRoutes)
  .route('/', consentRoutes)
  .route('/', cancelRoutes);
