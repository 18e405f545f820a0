/**
 * The claims of a signed consent record (server/oauth/consent-record.ts), types only: the widget
 * shows them in 連携サービス一覧's 同意記録 and may import nothing of the server at run time.
 */
import type { LocalizedText } from '../flow/types.js';

/**
 * The bank's signed record of a consent event: the customer allowing a grant, or the grant being
 * revoked. Its fields follow the consent record of ISO/IEC TS 27560:2023 (§6.3) and the Kantara
 * Initiative's Consent Receipt: who controls the data (the bank), who receives it (the partner),
 * for which services (scopes) and accounts, for which period, when, collected how, and the
 * consent's state after the event. The customer's identity is left out: the partner never learns
 * the bank's customer number, and the grant id ties the record to the customer at the bank.
 * @see https://w3id.org/dpv/guides/consent-27560 (ISO/IEC TS 27560's record, field by field)
 */
export interface ConsentRecordClaims {
  record_id: string;
  grant_id: string;
  /** The PII controller: the bank, named and identified by its OAuth issuer. */
  controller: { name: LocalizedText; issuer: string; jurisdiction: 'JP' };
  /** The recipient the customer consented to share with. */
  partner: { client_id: string; service: LocalizedText; company: LocalizedText };
  /** The purposes: the services (OAuth scopes) allowed. */
  services: { scope: string; label: LocalizedText }[];
  /** The accounts shared, their numbers masked but for the last four digits. */
  accounts: { branch: LocalizedText; type: LocalizedText; number: string }[];
  period: { start: string; end: string };
  /** When the event happened (RFC 3339). */
  time: string;
  /** How the consent was given, or how it ended: on the bank's page, or by the partner's call. */
  method: 'web-form' | 'grant-management-api';
  /**
   * The consent's state after the event: `given`; `renewed` when the customer allowed the same
   * grant again (a re-consent); `withdrawn` by the customer; `revoked` by the partner (the terms
   * of the Data Privacy Vocabulary's consent status, `renewed` for its RenewedConsentGiven).
   */
  status: 'given' | 'renewed' | 'withdrawn' | 'revoked';
}
