import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { answerRoutes } from './answer.js';
import { grantRoutes } from './grants.js';
import { loginRoutes } from './login.js';
import { startRoutes } from './start.js';

/**
 * The API of 連携サービス一覧 (/connections), which the widget calls in its "manage" mode: the
 * flow's login and question, then the customer's grants. Nothing of it may be cached.
 */
export const manageRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  })
  .route('/', startRoutes)
  .route('/', loginRoutes)
  .route('/', answerRoutes)
  .route('/', grantRoutes);
