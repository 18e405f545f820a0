import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.js';

/** The period of the Rate Limiting bindings in wrangler.jsonc, the longest a caller must wait. */
const PERIOD_SECONDS = 60;

/**
 * Whether `key` may make another request under `limiter` (Cloudflare's Rate Limiting binding,
 * run locally by Miniflare). Counting is per Cloudflare location and eventually consistent:
 * a coarse cap on floods, not a lockout; the exact limits on secret checks are
 * server/flow-runner/guarded-check.ts.
 */
export async function withinRateLimit(limiter: RateLimit, key: string): Promise<boolean> {
  const { success } = await limiter.limit({ key });
  return success;
}

export const retryAfter = { 'Retry-After': String(PERIOD_SECONDS) };

/**
 * Unauthenticated requests that start something (/authorize, /flow/start), per client IP with a
 * generous cap. Cloudflare sets CF-Connecting-IP on every request; without it (a local run with
 * no client address, e.g. the benchmark) there is no source to count.
 * @see https://www.rfc-editor.org/rfc/rfc6585#section-4
 */
export const limitStartsPerIp = (tooMany: (c: Context<AppEnv>) => Response | Promise<Response>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const ip = c.req.header('CF-Connecting-IP');
    if (ip && !(await withinRateLimit(c.env.START_LIMITER, `start:${ip}`))) return tooMany(c);
    await next();
  });
