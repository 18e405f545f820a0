import type { FlowView } from '../../../server/flow/types.js';

export interface RecordedRequest {
  method: string;
  path: string;
  transaction: string | null;
  body: unknown;
}

/** An HTTP answer, or a fetch that rejects as on a network failure. */
export type Answer = { status: number; body?: unknown; text?: string } | 'network-error';

export type Reply =
  Answer | Promise<Answer> | ((request: RecordedRequest) => Answer | Promise<Answer>);

export const view = (next: FlowView): Answer => ({ status: 200, body: { view: next } });

/** An RFC 9457 problem as the server answers it. */
export const problem = (status: number, code: string, extra: object = {}): Answer => ({
  status,
  body: { type: `about:blank`, title: code, status, detail: `test ${code}`, code, ...extra },
});

/** A reply the test releases later, to keep a request in flight. */
export function heldReply(): { reply: Promise<Answer>; release: (answer: Answer) => void } {
  let release!: (answer: Answer) => void;
  const reply = new Promise<Answer>((resolve) => (release = resolve));
  return { reply, release };
}

/**
 * Stands in for the flow API by replacing `fetch` in the test page: each "METHOD /path" answers
 * from a queue of scripted replies (the last one repeats) and every request is recorded.
 */
export class FakeFlowServer {
  readonly requests: RecordedRequest[] = [];
  private readonly replies = new Map<string, Reply[]>();
  private readonly realFetch = window.fetch;

  constructor(first: FlowView) {
    this.on('POST /flow/start', { status: 201, body: { transaction: 'tx-1', view: first } });
  }

  on(route: string, ...replies: Reply[]): this {
    this.replies.set(route, replies);
    return this;
  }

  install(): this {
    window.fetch = this.fetch;
    return this;
  }

  /** Answers for another same-origin window (a frame's page), as `install` does for this one. */
  installIn(other: Window & typeof globalThis): this {
    other.fetch = this.fetch;
    return this;
  }

  restore(): void {
    window.fetch = this.realFetch;
  }

  /** The requests after /flow/start, as "METHOD /path". */
  get routes(): string[] {
    return this.requests.slice(1).map(({ method, path }) => `${method} ${path}`);
  }

  get last(): RecordedRequest {
    return this.requests[this.requests.length - 1];
  }

  private fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), location.href);
    const method = init.method ?? 'GET';
    const request: RecordedRequest = {
      method,
      path: url.pathname,
      transaction: new Headers(init.headers).get('x-transaction'),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    };
    this.requests.push(request);
    const queue = this.replies.get(`${method} ${url.pathname}`);
    const next: Reply = queue?.length
      ? queue.length > 1
        ? queue.shift()!
        : queue[0]
      : problem(409, 'step_not_allowed');
    const reply = await (typeof next === 'function' ? next(request) : next);
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    const type = reply.status >= 400 ? 'application/problem+json' : 'application/json';
    return new Response(reply.text ?? JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': reply.text ? 'text/html' : type },
    });
  };
}
