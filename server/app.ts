import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.js';
import type { BankSystems } from './bank/ports.js';
import { defaultRiskPolicy, type RiskPolicy } from './bank/risk-policy.js';
import { boundedBody } from './http/body-limit.js';
import { dateHeader } from './http/date-header.js';
import { handleError } from './http/error-handler.js';
import { Problem } from './http/problem.js';
import { strictTransportSecurity } from './http/strict-transport-security.js';
import { accountApiRoutes } from './routes/account-api.js';
import { authorizeRoutes } from './routes/authorize.js';
import { connectionsRoutes } from './routes/connections.js';
import { flowRoutes } from './routes/flow/index.js';
import { grantRoutes } from './routes/grants.js';
import { manageRoutes } from './routes/manage/index.js';
import { metadataRoutes } from './routes/metadata.js';
import { parRoutes } from './routes/par.js';
import { revokeRoutes } from './routes/revoke.js';
import { tokenRoutes } from './routes/token.js';

export interface AppOptions {
  /** The bank's systems behind the ports of server/bank/ports.ts. */
  bankSystems: (env: Env) => BankSystems;
  riskPolicy?: RiskPolicy;
}

export function createApp({ bankSystems, riskPolicy = defaultRiskPolicy }: AppOptions) {
  const withBank = createMiddleware<AppEnv>(async (c, next) => {
    c.set('bank', bankSystems(c.env));
    c.set('riskPolicy', riskPolicy);
    await next();
  });

  return new Hono<AppEnv>()
    .use(boundedBody)
    .use(strictTransportSecurity)
    .use(dateHeader)
    .use(withBank)
    .route('/', metadataRoutes)
    .route('/', parRoutes)
    .route('/', authorizeRoutes)
    .route('/', tokenRoutes)
    .route('/', revokeRoutes)
    .route('/', grantRoutes)
    .route('/flow', flowRoutes)
    .route('/', connectionsRoutes)
    .route('/manage', manageRoutes)
    .route('/', accountApiRoutes)
    .notFound((c) =>
      c.req.path.startsWith('/flow/') || c.req.path.startsWith('/manage/')
        ? handleError(new Problem(404, 'invalid_request', 'No such flow endpoint.'), c)
        : c.json({ error: 'not_found' }, 404),
    )
    .onError(handleError);
}

export type AppType = ReturnType<typeof createApp>;
