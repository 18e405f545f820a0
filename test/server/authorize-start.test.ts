import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { scriptDataText } from '../../server/routes/hosted-page.js';
import { Customer, embeddedStart, KAKEIBO, problemOf, pushRequest } from './actors.js';
import { startBank, type Bank } from './harness.js';

let bank: Bank;
before(async () => {
  bank = await startBank();
});
after(() => bank.stop());

const authorizePath = (requestUri: string) =>
  `/authorize?${new URLSearchParams({ client_id: KAKEIBO.clientId, request_uri: requestUri })}`;

describe('GET /authorize starts the transaction and embeds its first view', () => {
  test('the page carries the handle and the login view in a JSON data block, and the handle opens the transaction', async () => {
    const response = await bank.fetch(authorizePath((await pushRequest(bank)).requestUri));
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(
      page,
      /<api-link-auth-flow[^>]*>(<template shadowrootmode="open">[^]*<\/template>\s*)?<script type="application\/json">/,
    );
    const start = embeddedStart(page);
    assert.ok(start, 'no data block');
    assert.match(start.transaction, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(start.view.name, 'login');

    const customer = new Customer(bank);
    customer.transaction = start.transaction;
    assert.deepEqual(await customer.view(), start.view);
    const next = await customer.expectView('login', { loginId: 'demo', password: 'demo1234' });
    assert.notEqual(next.name, 'login');
  });

  test('the page holding the handle is no-store, sends no Referer, runs only its own inline module (CSP hash-source) and names the handle nowhere else', async () => {
    const response = await bank.fetch(authorizePath((await pushRequest(bank)).requestUri), {
      redirect: 'manual',
    });
    const page = await response.text();
    const { transaction } = embeddedStart(page)!;
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    assert.equal(response.headers.get('Referrer-Policy'), 'no-referrer');
    const policy = response.headers.get('Content-Security-Policy') ?? '';
    // Each inline script and stylesheet runs by its SHA-256 (CSP3 §8.4), nothing else inline:
    // the module and the heading's focus, the page's stylesheet and the first step's.
    const inline = (tag: string) =>
      [...page.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag.split(' ')[0]}>`, 'g'))].map(
        ([, text]) => text!,
      );
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const directives = policy.split('; ');
    const scripts = [...inline('script type="module"'), ...inline('script')].map(hash);
    const styles = inline('style').map(hash);
    assert.equal(scripts.length, 2);
    assert.equal(styles.length, 2);
    const sources = (name: string) =>
      directives
        .find((directive) => directive.startsWith(`${name} `))
        ?.split(' ')
        .slice(1)
        .sort();
    assert.deepEqual(sources('script-src'), ["'self'", ...scripts].sort());
    assert.deepEqual(sources('style-src'), ["'self'", ...styles].sort());
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|nonce-/);
    assert.equal(policy.match(/sha256-/g)?.length, 4);
    // Once in the data block, nowhere else: not in a header, an attribute or a URL.
    assert.equal(page.split(transaction).length - 1, 1);
    response.headers.forEach((value, name) =>
      assert.ok(!value.includes(transaction), `the handle is in ${name}`),
    );
    // The only script elements: the data block, which no browser runs, the heading's focus and
    // the widget's module.
    assert.deepEqual(
      [...page.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag),
      ['<script type="application/json">', '<script>', '<script type="module">'],
    );
  });

  test('the page shows the login step before any script runs: the markup the build rendered from the widget, in a declarative shadow root', async () => {
    for (const [locales, lang, heading, fieldLabel] of [
      [undefined, 'ja', 'ログイン', 'ログインID'],
      ['en', 'en', 'Log in', 'Login ID'],
    ] as const) {
      const pushed = await pushRequest(bank, KAKEIBO, locales ? { ui_locales: locales } : {});
      const page = await (await bank.fetch(authorizePath(pushed.requestUri))).text();
      const shadow = page.split('<template shadowrootmode="open">')[1]?.split('</template>')[0];
      assert.ok(shadow, `no declarative shadow root (${lang})`);
      assert.match(shadow, new RegExp(`<div part="container" lang="${lang}">`));
      assert.match(shadow, new RegExp(`<h2 part="heading" tabindex="-1">${heading}</h2>`));
      assert.match(shadow, new RegExp(`<label for="loginId">${fieldLabel}</label>`));
      assert.match(shadow, /<input part="input" id="password" name="password" type="password"/);
      // Markup only: the element takes it over, nothing in it runs or hydrates.
      assert.doesNotMatch(shadow, /<script|<!--|defer-hydration/);
      // Right after the element, the script that focuses that heading.
      assert.match(page, /<\/api-link-auth-flow\s*><script>[^<]*"h2"\)\.focus\(\)[^<]*<\/script>/);
    }
  });

  test('uses up the request_uri (RFC 9126 §4): a reload gets the error page and no handle', async () => {
    const pushed = await pushRequest(bank);
    const first = await bank.fetch(authorizePath(pushed.requestUri));
    assert.equal(first.status, 200);
    assert.ok(embeddedStart(await first.text()));

    const reload = await bank.fetch(authorizePath(pushed.requestUri), { redirect: 'manual' });
    assert.equal(reload.status, 400);
    assert.equal(reload.headers.get('Location'), null);
    assert.equal(reload.headers.get('Cache-Control'), 'no-store');
    const page = await reload.text();
    assert.equal(embeddedStart(page), undefined);
    assert.doesNotMatch(page, /api-link-auth-flow/);
    assert.match(page, /role="alert"[^>]*>[^<]*使用済み[^<]*再読み込みできません/);
    assert.match(page, /cannot be reloaded/);
  });

  test('the request_uri /authorize used up cannot start another transaction at /flow/start', async () => {
    const pushed = await pushRequest(bank);
    assert.equal((await bank.fetch(authorizePath(pushed.requestUri))).status, 200);
    const response = await new Customer(bank).start(pushed);
    assert.equal(response.status, 400);
    assert.equal((await problemOf(response)).code, 'invalid_authorization_request');
  });

  test('of visits racing with one request_uri, exactly one gets a handle', async () => {
    const { requestUri } = await pushRequest(bank);
    const visits = await Promise.all(
      Array.from({ length: 6 }, () => bank.fetch(authorizePath(requestUri))),
    );
    const pages = await Promise.all(visits.map((visit) => visit.text()));
    assert.deepEqual(visits.map((visit) => visit.status).sort(), [200, 400, 400, 400, 400, 400]);
    assert.equal(pages.filter((page) => embeddedStart(page)).length, 1);
  });

  test('a request_uri /flow/start used up gets the error page, as before', async () => {
    const pushed = await pushRequest(bank);
    assert.equal((await new Customer(bank).start(pushed)).status, 201);
    const response = await bank.fetch(authorizePath(pushed.requestUri));
    assert.equal(response.status, 400);
    assert.equal(embeddedStart(await response.text()), undefined);
  });
});

describe('the data block', () => {
  test('cannot close its script element, open a comment or break a line, and reads back the same', () => {
    const value = { text: '</script><script>alert(1)</script><!-- & > \u2028\u2029 ログイン' };
    const text = scriptDataText(value);
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(text), value);
  });
});
