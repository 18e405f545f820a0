import type { ScopeView } from '../flow/types.js';
import { isolateCache } from './isolate-cache.js';
import { findPartner, type Partner } from './partners.js';
import { scopeCatalog } from './scopes.js';

/**
 * How long the flow's screens may show a partner's names and links, and the scope labels, after
 * the bank changed them. Client authentication (PAR, token) never uses this: it reads the
 * partner afresh, so a removed partner or a rotated secret takes effect at once there.
 */
const REFERENCE_DATA_TTL_MS = 60_000;

const partners = isolateCache<Partner>(REFERENCE_DATA_TTL_MS);
const scopes = isolateCache<ScopeView[]>(REFERENCE_DATA_TTL_MS);

export function partnerForFlow(db: D1Database, clientId: string): Promise<Partner | null> {
  return partners(clientId, () => findPartner(db, clientId));
}

export async function scopeCatalogForFlow(db: D1Database): Promise<ScopeView[]> {
  return (await scopes('catalog', () => scopeCatalog(db))) ?? [];
}
