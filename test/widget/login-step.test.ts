import { expect, fixtureCleanup } from '@open-wc/testing';
import { FakeFlowServer, problem, view } from './support/fake-flow.js';
import {
  button,
  expectAccessible,
  field,
  headingBecomes,
  mount,
  root,
  screenText,
  text,
  until,
} from './support/dom.js';
import {
  additionalAuth,
  certificateOrPasswordLogin,
  certificateRecognized,
  passwordLogin,
  scopeSelect,
} from './support/views.js';

describe('step 1 login', () => {
  let server: FakeFlowServer;

  it('starts the transaction with client-id and request-uri, and keeps the handle only in memory', async () => {
    server = new FakeFlowServer(passwordLogin);
    const cookies = document.cookie;
    const stored = localStorage.length + sessionStorage.length;
    await mount(server);
    expect(server.requests[0]).to.deep.include({
      method: 'POST',
      path: '/flow/start',
      transaction: null,
      body: { clientId: 'demo-partner', requestUri: 'urn:ietf:params:oauth:request_uri:abc' },
    });
    expect(document.cookie).to.equal(cookies);
    expect(localStorage.length + sessionStorage.length).to.equal(stored);
  });

  it('1-2 shows ログインID, ログインパスワード and API連携 with the seed wording', async () => {
    server = new FakeFlowServer(passwordLogin);
    const el = await mount(server);
    expect(text(root(el).querySelector('h2'))).to.equal('ログイン');
    expect(field(el, 'ログインID').type).to.equal('text');
    expect(field(el, 'ログインID').autocomplete).to.equal('username');
    expect(field(el, 'ログインパスワード').type).to.equal('password');
    expect(field(el, 'ログインパスワード').autocomplete).to.equal('current-password');
    expect(button(el, 'API連携').type).to.equal('submit');
    expect(screenText(el)).not.to.include('電子証明書ログイン');
    await expectAccessible(el);
  });

  it('1-2 in English uses the glossary: Login ID, Login password, Connect', async () => {
    server = new FakeFlowServer(passwordLogin);
    const el = await mount(server, { lang: 'en' });
    expect(text(root(el).querySelector('h2'))).to.equal('Log in');
    field(el, 'Login ID');
    field(el, 'Login password');
    button(el, 'Connect');
    await expectAccessible(el);
  });

  it('1-1 offers 「電子証明書ログイン」 when the certificate method is offered (Log in with certificate)', async () => {
    server = new FakeFlowServer(certificateOrPasswordLogin);
    const el = await mount(server);
    button(el, '電子証明書ログイン');
    await expectAccessible(el);
    fixtureCleanup();
    const english = await mount(server, { lang: 'en' });
    button(english, 'Log in with certificate');
  });

  it('1-2 submits the login ID and password with the X-Transaction header', async () => {
    server = new FakeFlowServer(passwordLogin).on('POST /flow/login', view(scopeSelect));
    const el = await mount(server);
    field(el, 'ログインID').value = 'user01';
    field(el, 'ログインパスワード').value = 'secret-pass';
    button(el, 'API連携').click();
    await headingBecomes(el, '認可業務選択');
    expect(server.last).to.deep.equal({
      method: 'POST',
      path: '/flow/login',
      transaction: 'tx-1',
      body: { loginId: 'user01', password: 'secret-pass' },
    });
  });

  it('1-1 presents the certificate, then asks only for the password and sends no login ID', async () => {
    server = new FakeFlowServer(certificateOrPasswordLogin)
      .on('POST /flow/certificate', view(certificateRecognized))
      .on('POST /flow/login', view(additionalAuth));
    const el = await mount(server);
    button(el, '電子証明書ログイン').click();
    await until(() => !root(el).querySelector('#loginId'), 'login ID field gone');
    expect(server.last).to.deep.include({
      path: '/flow/certificate',
      transaction: 'tx-1',
      body: {},
    });
    expect(screenText(el)).to.include('電子証明書を確認しました');
    expect(screenText(el)).not.to.include('電子証明書ログイン');
    await expectAccessible(el);
    field(el, 'ログインパスワード').value = 'secret-pass';
    button(el, 'API連携').click();
    await headingBecomes(el, '追加認証');
    expect(server.last.body).to.deep.equal({ password: 'secret-pass' });
  });

  it('does not submit while a required field is empty (the browser asks for it)', async () => {
    server = new FakeFlowServer(passwordLogin);
    const el = await mount(server);
    field(el, 'ログインID').value = 'user01';
    button(el, 'API連携').click();
    await el.updateComplete;
    expect(server.routes).to.deep.equal([]);
    expect(field(el, 'ログインパスワード').validity.valueMissing).to.equal(true);
  });

  it('a rejected certificate says so and leaves the ID and password form', async () => {
    server = new FakeFlowServer(certificateOrPasswordLogin).on(
      'POST /flow/certificate',
      problem(401, 'certificate_not_recognized'),
    );
    const el = await mount(server);
    button(el, '電子証明書ログイン').click();
    await until(() => root(el).querySelector('#problem'), 'error shown');
    expect(text(root(el).querySelector('#problem'))).to.equal(
      '電子証明書を確認できませんでした。ログインIDとログインパスワードでログインしてください。',
    );
    field(el, 'ログインID');
  });
});
