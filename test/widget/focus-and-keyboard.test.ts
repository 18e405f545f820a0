import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { FakeFlowServer, heldReply, view } from './support/fake-flow.js';
import {
  button,
  deepActiveElement,
  field,
  headingBecomes,
  mount,
  root,
  text,
  until,
  type Widget,
} from './support/dom.js';
import {
  additionalAuth,
  completed,
  consent,
  passwordLogin,
  pinRegister,
  pinResult,
  scopeSelect,
} from './support/views.js';

/** Presses Tab until the focused element is the one wanted: what a keyboard user does. */
async function tabTo(describe: string, wanted: (element: Element) => boolean) {
  for (let presses = 0; presses < 20; presses += 1) {
    const active = deepActiveElement();
    if (active && wanted(active)) return;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${describe}; focus is on ${deepActiveElement()?.outerHTML}`);
}

const named = (label: string) => (element: Element) =>
  text(element) === label ||
  (element as HTMLInputElement).labels?.[0]?.textContent?.trim() === label;

async function expectFocusOnHeading(el: Widget, expected: string) {
  await headingBecomes(el, expected);
  await until(() => deepActiveElement() === root(el).querySelector('h2'), `focus on "${expected}"`);
}

describe('focus and keyboard', () => {
  let server: FakeFlowServer;

  it('completes every step with the keyboard alone, focus moving to each new heading', async () => {
    server = new FakeFlowServer(passwordLogin)
      .on('POST /flow/login', view(additionalAuth))
      .on('POST /flow/answer', view(scopeSelect))
      .on('POST /flow/scopes', view(pinRegister))
      .on('POST /flow/pins', view(pinResult))
      .on('POST /flow/pins/confirm', view(consent))
      .on('POST /flow/consent', view(completed('query')));
    const el = await mount(server);
    const completions: unknown[] = [];
    el.addEventListener('api-link-auth-complete', (event) => {
      event.preventDefault();
      completions.push(event.detail);
    });

    await expectFocusOnHeading(el, 'ログイン');
    await tabTo('ログインID', named('ログインID'));
    await sendKeys({ type: 'user01' });
    await tabTo('ログインパスワード', named('ログインパスワード'));
    await sendKeys({ type: 'secret-pass' });
    await sendKeys({ press: 'Enter' });

    await expectFocusOnHeading(el, '追加認証');
    await tabTo('回答を入力', named('回答を入力'));
    await sendKeys({ type: '7' });
    await sendKeys({ press: 'Enter' });

    await expectFocusOnHeading(el, '認可業務選択');
    await tabTo('残高照会', named('残高照会'));
    await sendKeys({ press: ' ' });
    await tabTo('次へ', named('次へ'));
    await sendKeys({ press: 'Enter' });

    await expectFocusOnHeading(el, '照会用暗証番号登録');
    await tabTo(
      'the first row',
      (element) => element.getAttribute('aria-labelledby') === 'account-0',
    );
    await sendKeys({ press: ' ' });
    await tabTo(
      'its PIN',
      (element) => element.getAttribute('aria-labelledby') === 'pin-header account-0',
    );
    await sendKeys({ type: '1234' });
    await sendKeys({ press: 'Enter' });

    await expectFocusOnHeading(el, '照会用暗証番号登録結果');
    await tabTo('確認', named('確認'));
    await sendKeys({ press: 'Enter' });

    await expectFocusOnHeading(el, '情報アクセス許可');
    await tabTo('認可手続きを継続する', named('認可手続きを継続する'));
    await sendKeys({ press: ' ' });
    await tabTo('許可', named('許可'));
    await sendKeys({ press: 'Enter' });

    await expectFocusOnHeading(el, '遷移元のAPI連携先画面に遷移します。');
    expect(server.requests.map(({ path, body }) => [path, body])).to.deep.equal([
      [
        '/flow/start',
        { clientId: 'demo-partner', requestUri: 'urn:ietf:params:oauth:request_uri:abc' },
      ],
      ['/flow/login', { loginId: 'user01', password: 'secret-pass' }],
      ['/flow/answer', { answer: '7' }],
      ['/flow/scopes', { scopes: ['balance'] }],
      ['/flow/pins', { pins: [{ accountId: 'acc-1', pin: '1234' }] }],
      ['/flow/pins/confirm', {}],
      ['/flow/consent', { decision: 'allow', confirmed: true, accountIds: ['acc-3', 'acc-4'] }],
    ]);
    expect(completions).to.deep.equal([
      { code: 'code-123', state: 'state-abc', iss: 'http://127.0.0.1:8787' },
    ]);
  });

  it('sends one request however often the button is pressed while it runs, marking it aria-busy', async () => {
    const held = heldReply();
    server = new FakeFlowServer(passwordLogin).on('POST /flow/login', held.reply);
    const el = await mount(server);
    field(el, 'ログインID').value = 'user01';
    field(el, 'ログインパスワード').value = 'secret-pass';
    button(el, 'API連携').click();
    button(el, 'API連携').click();
    await el.updateComplete;
    expect(button(el, 'API連携').getAttribute('aria-busy')).to.equal('true');
    field(el, 'ログインパスワード').focus();
    await sendKeys({ press: 'Enter' });
    button(el, 'API連携').click();
    expect(server.routes).to.deep.equal(['POST /flow/login']);
    held.release(view(scopeSelect));
    await headingBecomes(el, '認可業務選択');
    expect(button(el, '次へ').getAttribute('aria-busy')).to.equal('false');
    expect(server.routes).to.deep.equal(['POST /flow/login']);
  });

  it('keeps focus on the page while a request runs (the busy button stays focusable)', async () => {
    const held = heldReply();
    server = new FakeFlowServer(scopeSelect).on('POST /flow/scopes', held.reply);
    const el = await mount(server);
    field(el, '残高照会').click();
    await until(() => !button(el, '次へ').disabled, 'enabled');
    button(el, '次へ').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(deepActiveElement()).to.equal(button(el, '次へ'));
    held.release(view(pinRegister));
    await expectFocusOnHeading(el, '照会用暗証番号登録');
  });
});
