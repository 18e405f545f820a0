/**
 * The vocabulary of 連携サービス一覧 (/connections): what the customer's management session
 * remembers, the views the widget is told to show in its "manage" mode and the bodies it sends.
 * Types only, like server/flow/types.ts: the widget imports them and its bundle stays free of
 * server code.
 */
import type { AnswerRequest, LoginRequest, NoBody } from '../flow/requests.js';
import type { FlowView, LocalizedText, ScopeView } from '../flow/types.js';
import type { ConsentRecordClaims } from '../oauth/consent-record-claims.js';

/** Where a management session is: the same login, and the same question when the risk policy asks. */
export type ManagementSession =
  | { stage: 'login'; certificateCustomerId?: string }
  | { stage: 'additional-auth'; customerId: string; questionId: string }
  | { stage: 'authenticated'; customerId: string };

/** An account a grant covers, as the flow shows it: インターネット支店 (001) 普通 2000002. */
export interface GrantedAccountView {
  id: string;
  branchName: LocalizedText;
  branchCode: string;
  accountType: LocalizedText;
  accountNumber: string;
}

/** One grant of the customer, with its dates as JST calendar dates (YYYY-MM-DD). */
export interface ConnectionView {
  grantId: string;
  service: LocalizedText;
  company: LocalizedText;
  scopes: ScopeView[];
  accounts: GrantedAccountView[];
  createdOn: string;
  /** The day the grant ends, as the consent step showed it (server/flow/steps/consent.ts). */
  endsOn: string;
  /** Whole days until the grant ends, counted up: 1 on its last day. */
  daysLeft: number;
  /** Ends within CONNECTION_EXPIRY_NOTICE_DAYS (期限が近づいています). */
  expiringSoon: boolean;
  /** When the partner last used it (epoch ms); null when never or not recorded. */
  lastUsedAt: number | null;
  /** When the customer or the partner revoked it; null while active. */
  revokedOn: string | null;
}

export type ManageView =
  | Extract<FlowView, { name: 'login' | 'additional-auth' }>
  | {
      name: 'connections';
      /** Active grants, newest first. */
      active: ConnectionView[];
      /** Grants revoked within REVOKED_CONNECTIONS_SHOWN_DAYS (解除済み), latest first. */
      revoked: ConnectionView[];
      /** Grants that reached their end within the same days (期限切れ), latest first. */
      expired: ConnectionView[];
    };

export type ManageViewName = ManageView['name'];

/** What each route of the management API takes, by path; the flow's bodies where they match. */
export interface ManageRequests {
  '/manage/certificate': NoBody;
  '/manage/login': LoginRequest;
  '/manage/answer': AnswerRequest;
  [revoke: `/manage/grants/${string}/revoke`]: NoBody;
}

/**
 * One signed consent record of a grant (同意記録), as GET /manage/grants/{id}/consent-records
 * answers it: the claims to read, and the compact JWS (ES256) to keep, verifiable with the key
 * at /.well-known/jwks.json.
 */
export interface ConsentRecordView {
  status: ConsentRecordClaims['status'];
  claims: ConsentRecordClaims;
  jws: string;
}
