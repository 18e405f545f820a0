/**
 * What each route of the flow API takes as its JSON body. Types only, with no zod import, like
 * ./types.ts: the widget types its calls with these and its bundle stays free of server code.
 * server/routes/flow/inputs.ts validates each body with a zod schema whose input must be exactly
 * the type here, so the two cannot drift apart.
 */

export interface StartRequest {
  clientId: string;
  /** The `request_uri` the partner got from the pushed authorization request (RFC 9126). */
  requestUri: string;
}

export interface LoginRequest {
  /** Omitted after a verified client certificate named the customer. */
  loginId?: string;
  password: string;
}

/** The answer to the additional authentication's secret question. */
export interface AnswerRequest {
  answer: string;
}

export interface ScopesRequest {
  scopes: string[];
}

/** An inquiry PIN (照会用暗証番号, 4 to 8 digits) for one account. */
export interface PinEntry {
  accountId: string;
  pin: string;
}

export interface PinsRequest {
  pins: PinEntry[];
}

export interface ConsentRequest {
  decision: 'allow' | 'deny';
  /** The 「認可手続きを継続する」 checkbox. */
  confirmed: boolean;
  /** 対象口座 left checked (許可 only); omitted, the grant covers every account shown. */
  accountIds?: string[];
}

/** The body of a route whose action carries no data. */
export type NoBody = Record<string, never>;

/** What each route of the flow API takes, by path. */
export interface FlowRequests {
  '/flow/start': StartRequest;
  '/flow/certificate': NoBody;
  '/flow/login': LoginRequest;
  '/flow/answer': AnswerRequest;
  '/flow/scopes': ScopesRequest;
  '/flow/pins': PinsRequest;
  '/flow/pins/confirm': NoBody;
  '/flow/pins/add-more': NoBody;
  '/flow/consent': ConsentRequest;
  '/flow/cancel': NoBody;
}
