import type { ProblemCode } from '../server/flow/problem-codes.js';
import type { FlowOutcome, FlowView } from '../server/flow/types.js';
import type { FlowRequests } from '../server/flow/requests.js';

/** The body each route takes, declared beside the server's schemas, which must match it. */
export type { FlowRequests };

export type FlowRoute = Exclude<keyof FlowRequests, '/flow/start'>;

/** The server's problem codes, and the one the widget makes when a request gets no answer. */
export type WidgetProblemCode = ProblemCode | 'network_error';

/** The parts of an RFC 9457 problem the widget uses. */
export interface FlowProblem {
  code: WidgetProblemCode;
  attemptsLeft?: number;
  lockedUntil?: number;
  accountIds?: string[];
  /** When the problem ended the flow: the callback that tells the partner how it ended. */
  outcome?: FlowOutcome;
}

export class FlowError extends Error {
  constructor(readonly problem: FlowProblem) {
    super(problem.code);
  }
}

/**
 * The widget's only door to the bank (same origin). The transaction handle lives in this object
 * and nowhere else: no cookies, no storage, so no third-party cookie is ever needed.
 */
export class FlowClient {
  private transaction = '';

  get started(): boolean {
    return this.transaction !== '';
  }

  /** Takes over a transaction the bank's /authorize page already opened. */
  resume(transaction: string): void {
    this.transaction = transaction;
  }

  async start(clientId: string, requestUri: string): Promise<FlowView> {
    const { transaction, view } = await this.call<{ transaction: string; view: FlowView }>(
      'POST',
      '/flow/start',
      { clientId, requestUri },
    );
    this.transaction = transaction;
    return view;
  }

  /** Where the flow is now, e.g. to resume after a network failure. */
  async current(): Promise<FlowView> {
    return (await this.call<{ view: FlowView }>('GET', '/flow/view')).view;
  }

  async send<R extends FlowRoute>(route: R, body: FlowRequests[R]): Promise<FlowView> {
    return (await this.call<{ view: FlowView }>('POST', route, body)).view;
  }

  private call<T>(method: string, path: string, body?: object): Promise<T> {
    return callBank<T>(method, path, this.transaction, body);
  }
}

/**
 * One JSON request to the bank's widget APIs (the flow, and 連携サービス一覧's in
 * widget/manage-client.ts), with the handle in X-Transaction; a failure becomes a FlowError
 * carrying the RFC 9457 problem, or `network_error` when no answer came.
 */
export async function callBank<T>(
  method: string,
  path: string,
  handle: string,
  body?: object,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body) headers['content-type'] = 'application/json';
  if (handle) headers['x-transaction'] = handle;
  let response: Response;
  let payload: unknown;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body && JSON.stringify(body),
      cache: 'no-store',
    });
    payload = await response.json().catch(() => undefined);
  } catch {
    throw new FlowError({ code: 'network_error' });
  }
  if (response.ok && payload) return payload as T;
  const problem = payload as Partial<FlowProblem> | undefined;
  throw new FlowError({
    ...problem,
    code:
      problem?.code ?? (response.ok || response.status >= 500 ? 'server_error' : 'invalid_request'),
  });
}
