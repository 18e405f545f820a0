import { serve } from '@hono/node-server';
import { partnerApp } from './app.js';

/** Starts the demo partner site on localhost:8788 (a different site from the bank's 127.0.0.1). */
export function startPartnerSite(port = 8788) {
  return serve({ fetch: partnerApp.fetch, hostname: 'localhost', port });
}
