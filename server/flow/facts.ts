import type { LocalizedText, ScopeView } from './types.js';

/**
 * What the engine needs to know about the world to decide the next step. The adapters gather
 * these facts (from D1, the bank's ports and the clock) before calling the engine, which keeps
 * the engine free of I/O.
 */
export interface PartnerProfile {
  clientId: string;
  service: LocalizedText;
  company: LocalizedText;
  showsScopeSelection: boolean;
  authorizationPeriodDays: number;
  termsUrl: string;
  privacyUrl: string;
  detailsUrl: string;
}

/** An inquiry account with its committed registration state (from before this flow). */
export interface CustomerAccount {
  id: string;
  branchName: LocalizedText;
  branchCode: string;
  accountType: LocalizedText;
  accountNumber: string;
  memo: string | null;
  pinRegistered: boolean;
}

export interface FlowFacts {
  partner: PartnerProfile;
  bank: LocalizedText;
  /** Labels of every scope the bank knows; names are data, not code (the D1 scopes table). */
  scopeCatalog: ScopeView[];
  /** The authenticated customer's accounts; empty before login. */
  accounts: CustomerAccount[];
  /** The text of the question being asked in additional authentication, when one is. */
  question?: LocalizedText;
  /** On a re-consent, after login: the grant as it stands, if it is still the partner's. */
  currentGrant?: CurrentGrant;
  now: number;
}

/** The grant a re-consent changes, as it stands now (server/storage/grants.ts). */
export interface CurrentGrant {
  id: string;
  customerId: string;
  scopes: string[];
  accountIds: string[];
  expiresAt: number;
  revoked: boolean;
}
