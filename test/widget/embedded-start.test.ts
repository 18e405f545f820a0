import { expect, fixture, oneEvent } from '@open-wc/testing';
import { FakeFlowServer, view } from './support/fake-flow.js';
import {
  button,
  deepActiveElement,
  expectAccessible,
  field,
  heading,
  headingBecomes,
  root,
  settled,
  text,
  until,
  type Widget,
} from './support/dom.js';
import { additionalAuth, passwordLogin } from './support/views.js';

/** The element as the bank's /authorize page serves it (server/routes/hosted-page.ts). */
const hostedMarkup = (start: string, lang = 'ja') =>
  `<api-link-auth-flow lang="${lang}"><script type="application/json">${start}</script></api-link-auth-flow>`;

const embeddedStart = JSON.stringify({ transaction: 'tx-embedded', view: passwordLogin });

describe("booting from the hosted page's embedded start", () => {
  let server: FakeFlowServer;

  afterEach(() => server.restore());

  it('shows the first step and focuses its heading without a single request', async () => {
    server = new FakeFlowServer(passwordLogin).install();
    const el = await fixture<Widget>(hostedMarkup(embeddedStart));
    await until(() => deepActiveElement() === heading(el), 'heading focused');
    expect(text(heading(el))).to.equal('ログイン');
    expect(server.requests).to.deep.equal([]);
    field(el, 'ログインID');
    await expectAccessible(el);
  });

  it('in an English page, the first heading shown and focused is already English', async () => {
    server = new FakeFlowServer(passwordLogin).install();
    const focused: string[] = [];
    const record = () => {
      const active = deepActiveElement();
      if (active?.tagName === 'H2') focused.push(text(active));
    };
    document.addEventListener('focusin', record, true);
    try {
      const el = await fixture<Widget>(hostedMarkup(embeddedStart, 'en'));
      await until(() => deepActiveElement() === heading(el), 'heading focused');
      expect(text(heading(el))).to.equal('Log in');
      expect(focused).to.deep.equal(['Log in']);
      expect(server.requests).to.deep.equal([]);
    } finally {
      document.removeEventListener('focusin', record, true);
    }
  });

  it('removes the data block, so the handle is left only in memory', async () => {
    server = new FakeFlowServer(passwordLogin).install();
    const el = await fixture<Widget>(hostedMarkup(embeddedStart));
    await until(() => heading(el), 'first step');
    expect(el.querySelector('script')).to.equal(null);
    expect(document.documentElement.outerHTML).not.to.include('tx-embedded');
  });

  it('announces the first step once, as after /flow/start: ready, then step login', async () => {
    server = new FakeFlowServer(passwordLogin).install();
    const events: string[] = [];
    const record = (event: Event) =>
      events.push(
        event.type === 'api-link-auth-step'
          ? `step ${(event as CustomEvent<{ view: string }>).detail.view}`
          : event.type,
      );
    document.addEventListener('api-link-auth-ready', record);
    document.addEventListener('api-link-auth-step', record);
    try {
      const ready = oneEvent(document, 'api-link-auth-ready');
      const el = await fixture<Widget>(hostedMarkup(embeddedStart));
      await ready;
      await until(() => events.length === 2, 'step event');
      await el.updateComplete;
      expect(events).to.deep.equal(['api-link-auth-ready', 'step login']);
    } finally {
      document.removeEventListener('api-link-auth-ready', record);
      document.removeEventListener('api-link-auth-step', record);
    }
  });

  it("sends the embedded handle with the customer's first action and shows a later step from its lazy chunk", async () => {
    server = new FakeFlowServer(passwordLogin)
      .on('POST /flow/login', view(additionalAuth))
      .install();
    const el = await fixture<Widget>(hostedMarkup(embeddedStart));
    await until(() => deepActiveElement() === heading(el), 'first step shown');
    await settled(el);
    field(el, 'ログインID').value = 'user01';
    field(el, 'ログインパスワード').value = 'secret-pass';
    button(el, 'API連携').click();
    await headingBecomes(el, '追加認証');
    expect(server.requests[0]).to.deep.include({
      method: 'POST',
      path: '/flow/login',
      transaction: 'tx-embedded',
    });
    expect(root(el).querySelector('api-link-auth-additional-auth')).to.not.equal(null);
    await expectAccessible(el);
  });
});
