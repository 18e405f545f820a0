/**
 * The vocabulary of the authorization flow (docs/flow.md): what a transaction remembers, what the
 * customer may do, and what the widget is told to show. Shared by the pure engine, the route
 * adapters and (as types only) the widget.
 */

/** A text the bank holds in both languages, e.g. a scope label or a branch name. */
export interface LocalizedText {
  ja: string;
  en: string;
}

export type StepName =
  | 'login'
  | 'additional-auth'
  | 'scope-select'
  | 'pin-register'
  | 'pin-result'
  | 'consent'
  | 'complete';

/** The validated authorization request the transaction was started from (PAR or plain). */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  /**
   * The partner's `state`, returned with the response. Optional (RFC 6749 §4.1.1): PKCE, which
   * every request carries, already ties the code to the partner's session (RFC 9700 §2.1).
   */
  state?: string;
  codeChallenge: string;
  responseMode: 'query' | 'web_message';
  /** The DPoP key the code is bound to (RFC 9449 §10), from `dpop_jkt` or the PAR's proof. */
  dpopJkt?: string;
  /** The partner's `ui_locales`, which choose the hosted page's first language. */
  uiLocales?: string;
  /**
   * Re-consent to the partner's existing grant (OpenID Grant Management for OAuth 2.0):
   * `replace` sets its services and accounts to this consent's, `merge` adds them to its own.
   * Absent for a new grant (no `grant_management_action`, or `create`).
   */
  grantManagement?: { action: GrantManagementAction; grantId: string };
}

export type GrantManagementAction = 'replace' | 'merge';

/** What a transaction remembers between requests. Persisted by storage/, never by the widget. */
export interface FlowState {
  step: StepName;
  request: AuthorizationRequest;
  /** Set once the password (or certificate + password) was verified. */
  customerId?: string;
  /** Set when a verified client certificate named the customer; the password still follows. */
  certificateCustomerId?: string;
  /** The question asked in additional authentication and how many wrong answers were given. */
  stepUp?: { questionId: string; wrongAnswers: number };
  chosenScopes?: string[];
  /** The accounts the customer left checked under 対象口座 on 許可; the grant covers exactly these. */
  chosenAccountIds?: string[];
  /** Accounts whose inquiry PIN was verified in this flow (登録済み*), committed only on 許可. */
  stagedPinAccountIds: string[];
  /** The accounts registered by the latest 登録, shown on the result screen. */
  lastRegisteredAccountIds: string[];
  /**
   * Minted by the first 許可 and recorded before anything is committed, so that its retries
   * commit the same grant and code, at most once, and a later 拒否 can undo it
   * (server/flow-runner/complete-authorization.ts).
   */
  pendingAuthorization?: {
    grantId: string;
    code: string;
    /** A re-consent's own id; a grant's first authorization is keyed by the grant id. */
    authorizationId?: string;
  };
  outcome?: FlowOutcome;
}

/** How the flow ended: the parameters of the partner callback (RFC 6749 §4.1.2, RFC 9207). */
export interface FlowOutcome {
  redirectUri: string;
  responseMode: 'query' | 'web_message';
  params: Record<string, string>;
}

export type PinStatus = 'unregistered' | 'registered' | 'staged';

/** An inquiry account as the widget shows it: インターネット支店 (001) 普通 2000002. */
export interface AccountView {
  id: string;
  branchName: LocalizedText;
  branchCode: string;
  accountType: LocalizedText;
  accountNumber: string;
  memo: string | null;
  status: PinStatus;
}

export interface ScopeView {
  name: string;
  label: LocalizedText;
}

export type LoginMethod = 'password' | 'certificate';

/** Server-driven UI: each flow response names the view to render and carries its data. */
export type FlowView =
  | {
      name: 'login';
      /** Methods still open; after a recognised certificate only the password remains. */
      methods: LoginMethod[];
      certificateRecognized: boolean;
    }
  | { name: 'additional-auth'; question: LocalizedText; attemptsLeft: number }
  | { name: 'scope-select'; scopes: ScopeView[] }
  | { name: 'pin-register'; accounts: AccountView[] }
  | {
      name: 'pin-result';
      accounts: AccountView[];
      registeredAccountIds: string[];
      canAddMore: boolean;
    }
  | {
      name: 'consent';
      /** 対象口座: every account the grant would cover (登録済み, 登録済み*), all checked at first. */
      accounts: AccountView[];
      service: LocalizedText;
      company: LocalizedText;
      bank: LocalizedText;
      scopes: ScopeView[];
      periodDays: number;
      /** The last day of the grant, as a JST calendar date (YYYY-MM-DD). */
      endsOn: string;
      termsUrl: string;
      privacyUrl: string;
      detailsUrl: string;
      /** On a re-consent: what the grant holds now, for the widget to show what changes. */
      change?: ConsentChange;
    }
  | { name: 'complete'; outcome: FlowOutcome };

/**
 * What a re-consent changes. Services are decided before consent, so they come as a difference;
 * the accounts are the customer's choice on the consent step itself, so the widget compares
 * the ones left checked with `accountIdsBefore` (under `merge` none is removed, and those stay
 * checked).
 */
export interface ConsentChange {
  action: GrantManagementAction;
  scopesAdded: ScopeView[];
  scopesRemoved: ScopeView[];
  accountIdsBefore: string[];
  /** The grant's last day until now, a JST calendar date (YYYY-MM-DD); it may have passed. */
  endedOn: string;
}

export type FlowViewName = FlowView['name'];
