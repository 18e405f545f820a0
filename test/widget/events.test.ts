import { expect, waitUntil } from '@open-wc/testing';
import { callbackUrl } from '../../widget/callback-url.js';
import { FakeFlowServer, view } from './support/fake-flow.js';
import {
  button,
  check,
  errorMessage,
  field,
  headingBecomes,
  mount,
  settled,
  text,
  until,
} from './support/dom.js';
import { completed, consent, denied, passwordLogin, scopeSelect } from './support/views.js';

const names = [
  'api-link-auth-ready',
  'api-link-auth-step',
  'api-link-auth-complete',
  'api-link-auth-cancel',
  'api-link-auth-error',
] as const;

/** Everything the element fires, as heard on the document (so: bubbling and composed). */
function record() {
  const heard: [string, unknown][] = [];
  const listener = (event: Event) => {
    const { bubbles, composed } = event;
    heard.push([event.type, (event as CustomEvent).detail]);
    if (!bubbles || !composed) heard.push(['not bubbling and composed', event.type]);
  };
  for (const name of names) document.addEventListener(name, listener);
  return {
    heard,
    stop: () => names.forEach((name) => document.removeEventListener(name, listener)),
  };
}

describe('public events', () => {
  let server: FakeFlowServer;
  let events: ReturnType<typeof record>;
  beforeEach(() => {
    events = record();
  });
  afterEach(() => {
    events.stop();
  });

  it('fires ready once, then step with only the view name for each new step', async () => {
    server = new FakeFlowServer(passwordLogin).on('POST /flow/login', view(scopeSelect));
    const el = await mount(server);
    field(el, 'ログインID').value = 'user01';
    field(el, 'ログインパスワード').value = 'secret-pass';
    button(el, 'API連携').click();
    await headingBecomes(el, '認可業務選択');
    expect(events.heard).to.deep.equal([
      ['api-link-auth-ready', {}],
      ['api-link-auth-step', { view: 'login' }],
      ['api-link-auth-step', { view: 'scope-select' }],
    ]);
  });

  it('fires no step event when a retry finds the same step (nothing changed for the customer)', async () => {
    server = new FakeFlowServer(passwordLogin)
      .on('POST /flow/login', 'network-error')
      .on('GET /flow/view', view(passwordLogin));
    const el = await mount(server);
    field(el, 'ログインID').value = 'user01';
    field(el, 'ログインパスワード').value = 'x';
    button(el, 'API連携').click();
    await until(() => errorMessage(el), 'network error');
    button(el, '再試行').click();
    await settled(el);
    expect(events.heard.filter(([type]) => type === 'api-link-auth-step')).to.have.length(1);
  });

  it('fires complete with code, state and iss; preventDefault keeps the page from leaving', async () => {
    server = new FakeFlowServer(consent).on('POST /flow/consent', view(completed('query')));
    const el = await mount(server);
    el.addEventListener('api-link-auth-complete', (event) => event.preventDefault());
    await check(field(el, '認可手続きを継続する'));
    await until(() => !button(el, '許可').disabled, 'enabled');
    button(el, '許可').click();
    await headingBecomes(el, '遷移元のAPI連携先画面に遷移します。');
    expect(events.heard.slice(-2)).to.deep.equal([
      ['api-link-auth-step', { view: 'complete' }],
      [
        'api-link-auth-complete',
        { code: 'code-123', state: 'state-abc', iss: 'http://127.0.0.1:8787' },
      ],
    ]);
  });

  it('fires cancel with reason denied, state and iss when the customer presses 拒否', async () => {
    server = new FakeFlowServer(consent).on('POST /flow/consent', view(denied('query')));
    const el = await mount(server);
    el.addEventListener('api-link-auth-cancel', (event) => event.preventDefault());
    button(el, '拒否').click();
    await headingBecomes(el, '遷移元のAPI連携先画面に遷移します。');
    expect(events.heard.at(-1)).to.deep.equal([
      'api-link-auth-cancel',
      { reason: 'denied', state: 'state-abc', iss: 'http://127.0.0.1:8787' },
    ]);
  });

  it('redirect mode sends the top-level page to the callback with the RFC 6749 parameters', async () => {
    server = new FakeFlowServer(consent);
    const port = location.port;
    const popup = window.open(`/authorize?client_id=demo&request_uri=urn:test:redirect`, '_blank')!;
    try {
      const widget = () => popup.document?.querySelector('api-link-auth-flow')?.shadowRoot;
      await waitUntil(() => widget()?.querySelector('h2'), 'bank page ready', { timeout: 5000 });
      const root = widget()!;
      const box = [...root.querySelectorAll('label')].find(
        (label) => text(label) === '認可手続きを継続する',
      )!;
      (box.control as HTMLInputElement).click();
      const allow = () => [...root.querySelectorAll('button')].find((b) => text(b) === '許可')!;
      await waitUntil(() => !allow().disabled, '許可 enabled');
      allow().click();
      await waitUntil(() => popup.location.pathname === '/callback', 'redirected', {
        timeout: 5000,
      });
      const query = new URLSearchParams(popup.location.search);
      expect([...query]).to.deep.equal([
        ['from', 'bank'],
        ['code', 'code-123'],
        ['state', 'state-abc'],
        ['iss', `http://localhost:${port}`],
      ]);
    } finally {
      popup.close();
    }
  });
});

describe('callbackUrl', () => {
  it('adds the parameters to the registered redirect URI, keeping its own query (RFC 6749 §3.1.2)', () => {
    expect(
      callbackUrl({
        redirectUri: 'https://partner.example/cb?tenant=a b',
        responseMode: 'query',
        params: { error: 'access_denied', state: 's&1', iss: 'https://bank.example' },
      }),
    ).to.equal(
      'https://partner.example/cb?tenant=a+b&error=access_denied&state=s%261&iss=https%3A%2F%2Fbank.example',
    );
  });
});
