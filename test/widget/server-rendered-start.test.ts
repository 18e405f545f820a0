import { expect } from '@open-wc/testing';
import type { FlowView } from '../../server/flow/types.js';
import { FakeFlowServer, view } from './support/fake-flow.js';
import {
  button,
  deepActiveElement,
  expectAccessible,
  field,
  heading,
  headingBecomes,
  root,
  text,
  until,
  type Widget,
} from './support/dom.js';
import { additionalAuth, certificateOrPasswordLogin } from './support/views.js';

/** What the widget build wrote for the /authorize page (widget/first-screen-inline.mjs). */
interface FirstScreen {
  shadowStyle: string;
  firstStepScript: string;
  login: { lang: string; view: FlowView; markup: string }[];
}

const built = fetch('/dist/first-screen.json').then(
  (response) => response.json() as Promise<FirstScreen>,
);

/**
 * The element as the bank's /authorize page serves it (server/routes/hosted-page.ts): the login
 * step the build rendered, in a declarative shadow root, then the data block; parsed as a page is
 * (setHTMLUnsafe honours `shadowrootmode`), then the page's focus script, before the element's
 * first render.
 */
async function serverRendered(lang: 'ja' | 'en'): Promise<Widget> {
  const { shadowStyle, firstStepScript, login } = await built;
  const firstView = certificateOrPasswordLogin;
  const { markup } = login.find(
    (entry) => entry.lang === lang && JSON.stringify(entry.view) === JSON.stringify(firstView),
  )!;
  const start = JSON.stringify({ transaction: 'tx-rendered', view: firstView });
  const host = document.createElement('div');
  document.body.append(host);
  host.setHTMLUnsafe(
    `<api-link-auth-flow lang="${lang}"><template shadowrootmode="open"><style>${shadowStyle}</style>${markup}</template><script type="application/json">${start}</script></api-link-auth-flow>`,
  );
  // The page's own inline script, as the page runs it right after the element.
  new Function(firstStepScript)();
  return host.firstElementChild as Widget;
}

describe('taking over the login step the /authorize page rendered', () => {
  let server: FakeFlowServer;
  let focusedHeadings: string[];
  const record = () => {
    const active = deepActiveElement();
    if (active?.tagName === 'H2') focusedHeadings.push(text(active));
  };

  beforeEach(() => {
    focusedHeadings = [];
    document.addEventListener('focusin', record, true);
  });

  afterEach(() => {
    document.removeEventListener('focusin', record, true);
    server.restore();
    document.querySelectorAll('api-link-auth-flow').forEach((el) => el.parentElement!.remove());
  });

  it("shows the step with its heading focused before the element's first render, then renders it itself without a request", async () => {
    server = new FakeFlowServer(certificateOrPasswordLogin).install();
    const el = await serverRendered('ja');
    const rendered = heading(el);
    expect(el.hasUpdated).to.equal(false);
    expect(text(rendered)).to.equal('ログイン');
    expect(deepActiveElement()).to.equal(rendered);

    await until(() => el.hasUpdated && heading(el) !== rendered, 'the element rendered the step');
    await until(() => deepActiveElement() === heading(el), "the element's heading focused");
    expect(root(el).querySelectorAll('h2')).to.have.length(1);
    expect(root(el).querySelector('style')).to.equal(null);
    expect(focusedHeadings).to.deep.equal(['ログイン', 'ログイン']);
    expect(server.requests).to.deep.equal([]);
    await expectAccessible(el);
  });

  it('keeps what the customer typed and the field they were in, and sends it from there', async () => {
    server = new FakeFlowServer(certificateOrPasswordLogin)
      .on('POST /flow/login', view(additionalAuth))
      .install();
    const el = await serverRendered('ja');
    const typedInto = field(el, 'ログインID');
    typedInto.value = 'user01';
    field(el, 'ログインパスワード').value = 'secret-pass';
    typedInto.focus();
    typedInto.setSelectionRange(2, 4);

    await until(() => el.hasUpdated && field(el, 'ログインID') !== typedInto, 'taken over');
    const loginId = field(el, 'ログインID');
    expect(loginId.value).to.equal('user01');
    expect(field(el, 'ログインパスワード').value).to.equal('secret-pass');
    await until(() => deepActiveElement() === loginId, 'the field keeps focus');
    expect([loginId.selectionStart, loginId.selectionEnd]).to.deep.equal([2, 4]);
    // Only the server-rendered heading was focused: the element did not pull focus back to it.
    expect(focusedHeadings).to.deep.equal(['ログイン']);

    button(el, 'API連携').click();
    await headingBecomes(el, '追加認証');
    expect(server.requests[0]).to.deep.include({
      method: 'POST',
      path: '/flow/login',
      transaction: 'tx-rendered',
      body: { loginId: 'user01', password: 'secret-pass' },
    });
  });

  it('makes a press on the server-rendered step again once it has taken over: Enter in the password field logs in', async () => {
    server = new FakeFlowServer(certificateOrPasswordLogin)
      .on('POST /flow/login', view(additionalAuth))
      .install();
    const el = await serverRendered('ja');
    field(el, 'ログインID').value = 'user01';
    const password = field(el, 'ログインパスワード');
    password.value = 'secret-pass';
    // Enter in a field clicks the form's submit button (implicit submission), as here.
    const submit = button(el, 'API連携');
    submit.click();
    expect(el.hasUpdated).to.equal(false);

    await headingBecomes(el, '追加認証');
    expect(server.requests).to.have.length(1);
    expect(server.requests[0]).to.deep.include({
      method: 'POST',
      path: '/flow/login',
      transaction: 'tx-rendered',
      body: { loginId: 'user01', password: 'secret-pass' },
    });
    expect(location.search).not.to.include('secret-pass');
  });

  it('in English, the step stays English from the first frame to the element’s own render', async () => {
    server = new FakeFlowServer(certificateOrPasswordLogin).install();
    const el = await serverRendered('en');
    const rendered = heading(el);
    expect(text(rendered)).to.equal('Log in');
    await until(() => el.hasUpdated && heading(el) !== rendered, 'the element rendered the step');
    expect(text(heading(el))).to.equal('Log in');
    await until(() => deepActiveElement() === heading(el), "the element's heading focused");
    expect(focusedHeadings).to.deep.equal(['Log in', 'Log in']);
    expect(server.requests).to.deep.equal([]);
  });
});
