import assert from 'node:assert/strict';
import http from 'node:http';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import {
  basic,
  Customer,
  DEMO_ACCOUNTS,
  problemOf,
  pushRequest,
  QUICK,
  type PushedRequest,
} from './actors.js';
import { startBank, type Bank } from './harness.js';

// wrangler dev reads every body the Worker left unread (its "ensure-req-body-drained" middleware,
// node_modules/wrangler/templates/middleware/), which hides the bug these tests are about.
// Without it the Worker runs as deployed.
process.env.WRANGLER_DISABLE_REQUEST_BODY_DRAINING = 'true';

const TEN_MB = 10 * 1024 * 1024;
const LIMIT = 24 * 1024;
/** Long enough for a 10 MB body through the dev proxy; a hung connection fails the test. */
const ANSWER_WITHIN_MS = 15_000;

let bank: Bank;
before(async () => {
  bank = await startBank();
});
after(() => bank.stop());

/** One kept-alive connection per test, as a partner's backend or a browser keeps one. */
let agent: http.Agent;
beforeEach(() => {
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
});
afterEach(() => agent.destroy());

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Whether the request went out on the connection an earlier request had used. */
  reusedSocket: boolean;
}

interface Sent {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sends the body chunked, without a Content-Length, as a stream of unknown length is sent. */
  chunked?: boolean;
}

/** An HTTP/1.1 request on the test's kept-alive connection, by node's own client. */
function send(path: string, { method = 'POST', headers = {}, body, chunked = false }: Sent = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const request = http.request(new URL(path, bank.origin), { method, headers, agent });
    request.setTimeout(ANSWER_WITHIN_MS, () =>
      request.destroy(new Error(`${method} ${path}: no answer in ${ANSWER_WITHIN_MS} ms`)),
    );
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({
          status: response.statusCode!,
          headers: response.headers,
          text: Buffer.concat(chunks).toString(),
          reusedSocket: request.reusedSocket,
        }),
      );
    });
    if (body !== undefined && !chunked)
      request.setHeader('Content-Length', Buffer.byteLength(body));
    request.end(body);
  });
}

const jsonHeaders = (transaction = 'none') => ({
  'Content-Type': 'application/json',
  'X-Transaction': transaction,
});

const formHeaders = (pushed: PushedRequest) => ({
  'Content-Type': 'application/x-www-form-urlencoded',
  Authorization: basic(pushed.clientId, pushed.secret),
});

/** A flow started on the test's connection, as the widget starts one. */
async function startFlow(pushed: PushedRequest): Promise<string> {
  const answer = await send('/flow/start', {
    headers: jsonHeaders(),
    body: JSON.stringify({ clientId: pushed.clientId, requestUri: pushed.requestUri }),
  });
  assert.equal(answer.status, 201, answer.text);
  return (JSON.parse(answer.text) as { transaction: string }).transaction;
}

function assertPayloadTooLargeProblem(answer: Answer) {
  assert.equal(answer.status, 413, answer.text);
  assert.equal(answer.headers['content-type'], 'application/problem+json');
  assert.equal((JSON.parse(answer.text) as { code: string }).code, 'payload_too_large');
}

describe('request bodies are bounded before parsing (RFC 9110 §15.5.14)', () => {
  test('refuses a 10 MB body to the flow API with a 413 problem, and the same connection then starts a flow', async () => {
    const pushed = await pushRequest(bank, QUICK);
    // Not JSON: parsed, it would be a 400; refused before parsing, it is a 413.
    const refused = await send('/flow/login', {
      headers: jsonHeaders(),
      body: '{' + 'x'.repeat(TEN_MB),
    });
    assertPayloadTooLargeProblem(refused);

    const started = await send('/flow/start', {
      headers: jsonHeaders(),
      body: JSON.stringify({ clientId: pushed.clientId, requestUri: pushed.requestUri }),
    });
    assert.equal(started.status, 201, started.text);
    assert.equal(started.reusedSocket, true);
  });

  test('refuses a 10 MB body to /token with 413 invalid_request (RFC 6749 §5.2), and the same connection then answers a token request', async () => {
    const pushed = await pushRequest(bank, QUICK);
    const refused = await send('/token', {
      headers: formHeaders(pushed),
      body: 'grant_type=refresh_token&refresh_token=' + 'x'.repeat(TEN_MB),
    });
    assert.equal(refused.status, 413, refused.text);
    assert.equal(refused.headers['cache-control'], 'no-store');
    assert.equal((JSON.parse(refused.text) as { error: string }).error, 'invalid_request');

    const next = await send('/token', {
      headers: formHeaders(pushed),
      body: 'grant_type=refresh_token&refresh_token=unknown',
    });
    assert.equal(next.status, 400, next.text);
    assert.equal((JSON.parse(next.text) as { error: string }).error, 'invalid_grant');
    assert.equal(next.reusedSocket, true);
  });

  test('refuses a 10 MB body sent without a length, the case that left the dev proxy hung behind hono/body-limit', async () => {
    const refused = await send('/flow/login', {
      headers: jsonHeaders(),
      body: Buffer.alloc(TEN_MB, 'x'),
      chunked: true,
    });
    assertPayloadTooLargeProblem(refused);

    const metadata = await send('/.well-known/oauth-authorization-server', { method: 'GET' });
    assert.equal(metadata.status, 200, metadata.text);
    assert.equal(metadata.reusedSocket, true);
  });

  test('takes a body of exactly 24 KB and refuses one byte more, with or without a length', async () => {
    const pushed = await pushRequest(bank, QUICK);
    const transaction = await startFlow(pushed);
    const login = (size: number) =>
      JSON.stringify({ loginId: 'demo', password: '' }).replace('""', `"${'p'.repeat(size - 32)}"`);
    assert.equal(Buffer.byteLength(login(LIMIT)), LIMIT);

    for (const chunked of [false, true]) {
      const atLimit = await send('/flow/login', {
        headers: jsonHeaders(transaction),
        body: login(LIMIT),
        chunked,
      });
      // Parsed and refused by the schema (a password is at most 128 characters), not by size.
      assert.equal(atLimit.status, 400, atLimit.text);
      assert.match(atLimit.text, /password:/);
      const overLimit = await send('/flow/login', {
        headers: jsonHeaders(transaction),
        body: login(LIMIT + 1),
        chunked,
      });
      assertPayloadTooLargeProblem(overLimit);
    }
  });

  test('refuses a PIN step of more than 200 rows before checking any PIN', async () => {
    const customer = new Customer(bank);
    await customer.start(await pushRequest(bank, QUICK));
    const view = await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
    assert.equal(view.name, 'pin-register');
    const wrongPin = { accountId: DEMO_ACCOUNTS.a1111111, pin: '0000' };

    const response = await customer.send('pins', { pins: Array(201).fill(wrongPin) });
    assert.equal(response.status, 400);
    const problem = await problemOf(response);
    assert.equal(problem.code, 'invalid_request');
    assert.match(String(problem.detail), /^pins:/);
    // 201 wrong PINs checked would have locked the account (3 a day); the right one still counts.
    const registered = await customer.expectView('pins', {
      pins: [{ accountId: DEMO_ACCOUNTS.a1111111, pin: '1234' }],
    });
    assert.equal(registered.name, 'pin-result');
  });
});

describe('bodies no route reads are read all the same (RFC 9112 §9.3)', () => {
  test('answers one request after another on one kept-alive connection when the Worker needs none of their bodies', async () => {
    const transaction = await startFlow(await pushRequest(bank, QUICK));
    const unread: [string, Sent, number][] = [
      // The widget sends {} to these three; their routes read no body.
      ['/flow/pins/confirm', { headers: jsonHeaders(transaction), body: '{}' }, 409],
      ['/flow/pins/add-more', { headers: jsonHeaders(transaction), body: '{}' }, 409],
      ['/flow/certificate', { headers: jsonHeaders(transaction), body: '{}' }, 401],
      // Refused by the validator for its content type, before it reads the body.
      ['/flow/login', { headers: { 'Content-Type': 'text/plain' }, body: 'demo' }, 400],
      // Refused for a missing transaction before any step runs.
      ['/flow/scopes', { headers: jsonHeaders(''), body: '{"scopes":[]}' }, 400],
      // A GET with a body, and routes that do not exist.
      ['/flow/view', { method: 'GET', headers: jsonHeaders(transaction), body: '{}' }, 200],
      ['/flow/nothing', { headers: jsonHeaders(transaction), body: '{}' }, 404],
      ['/nothing', { body: 'x'.repeat(LIMIT) }, 404],
      ['/api/v1/accounts', { method: 'GET', body: '{}' }, 401],
    ];
    for (const [path, sent, status] of unread) {
      const answer = await send(path, sent);
      assert.equal(answer.status, status, `${path}: ${answer.text}`);
      assert.equal(answer.reusedSocket, true, path);
    }
    const view = await send('/flow/view', { method: 'GET', headers: jsonHeaders(transaction) });
    assert.equal(view.status, 200, view.text);
    assert.equal(view.reusedSocket, true);
  });
});
