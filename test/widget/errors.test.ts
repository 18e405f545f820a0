import { expect } from '@open-wc/testing';
import type { FlowProblem } from '../../widget/flow-client.js';
import { setLocale } from '../../widget/localization.js';
import { problemMessage } from '../../widget/problem-message.js';
import { FakeFlowServer, problem, view, type Reply } from './support/fake-flow.js';
import {
  button,
  errorMessage,
  expectAccessible,
  field,
  headingBecomes,
  mount,
  root,
  screenText,
  text,
  until,
  settled,
  type Widget,
} from './support/dom.js';
import { additionalAuth, passwordLogin, scopeSelect } from './support/views.js';

/** Every stable code of the flow API, with what the customer reads in each language. */
const messages: [FlowProblem, string, string][] = [
  [
    { code: 'invalid_request' },
    '入力内容に誤りがあります。ご確認の上、もう一度お試しください。',
    'Some of what you entered is not valid. Please check it and try again.',
  ],
  [
    { code: 'invalid_authorization_request' },
    'API連携先からの要求が正しくないか、すでに使用されています。API連携先の画面からやり直してください。',
    'The request from the service is not valid or has already been used. Please start again from the service.',
  ],
  [
    { code: 'transaction_not_found' },
    '一定時間が経過したため、この手続きは無効になりました。最初からやり直してください。',
    'This session has expired. Please start over.',
  ],
  [
    { code: 'transaction_expired' },
    '一定時間が経過したため、この手続きは無効になりました。最初からやり直してください。',
    'This session has expired. Please start over.',
  ],
  [
    { code: 'transaction_ended' },
    'この手続きは終了しました。最初からやり直してください。',
    'This authorization has ended. Please start over.',
  ],
  [
    { code: 'step_not_allowed' },
    'この操作は現在行えません。最新の画面を表示しました。',
    'That action is not available now. The current screen is shown.',
  ],
  [
    { code: 'invalid_credentials' },
    'ログインIDまたはログインパスワードが正しくありません。',
    'The login ID or login password is incorrect.',
  ],
  [
    { code: 'certificate_not_recognized' },
    '電子証明書を確認できませんでした。ログインIDとログインパスワードでログインしてください。',
    'Your certificate could not be recognized. Please log in with your login ID and login password.',
  ],
  [
    { code: 'account_locked', lockedUntil: Date.UTC(2026, 0, 5, 1, 30) },
    'ログインが一時的にロックされています。1月5日 10:30 JST以降にもう一度お試しください。',
    'Login is temporarily locked. Please try again after Jan 5, 10:30 AM GMT+9.',
  ],
  [
    { code: 'wrong_answer', attemptsLeft: 1 },
    '回答が正しくありません。あと1回間違えると、この手続きは終了します。',
    'The answer is incorrect. After 1 more wrong answers this authorization will end.',
  ],
  [
    { code: 'scope_required' },
    '利用業務を1つ以上選択してください。',
    'Choose at least one service.',
  ],
  [
    { code: 'invalid_scope' },
    '選択できない業務が含まれています。',
    'A service that cannot be chosen was included.',
  ],
  [
    { code: 'account_required' },
    '照会用口座を1つ以上選択し、照会用暗証番号を入力してください。',
    'Select at least one account and enter its inquiry PIN.',
  ],
  [
    { code: 'account_not_selectable' },
    '選択できない口座が含まれています。',
    'An account that cannot be selected was included.',
  ],
  [
    { code: 'invalid_pin', accountIds: ['acc-1'] },
    '照会用暗証番号が正しくない口座があります。該当の口座の照会用暗証番号を入力し直してください。',
    'Some inquiry PINs are incorrect. Enter the inquiry PIN again for the accounts marked.',
  ],
  [
    { code: 'pin_locked', accountIds: ['acc-1'] },
    '照会用暗証番号がロックされている口座があります。',
    'The inquiry PIN of some accounts is locked.',
  ],
  [
    { code: 'nothing_left_to_register' },
    '照会用暗証番号を登録できる口座はありません。',
    'There are no accounts left to register an inquiry PIN for.',
  ],
  [
    { code: 'confirmation_required' },
    '「認可手続きを継続する」のチェックボックスをチェックしてください。',
    'Check the “Continue with this authorization” checkbox.',
  ],
  [
    { code: 'server_error' },
    'ただいまサービスをご利用いただけません。しばらくしてからもう一度お試しください。',
    'The service is not available right now. Please try again later.',
  ],
  [
    { code: 'network_error' },
    '通信に失敗しました。入力内容はそのままです。もう一度お試しください。',
    'The connection failed. What you entered is kept. Please try again.',
  ],
];

async function logIn(el: Widget, loginId = 'user01', password = 'secret-pass') {
  field(el, 'ログインID').value = loginId;
  field(el, 'ログインパスワード').value = password;
  button(el, 'API連携').click();
  await until(
    () => errorMessage(el) || text(root(el).querySelector('h2')) !== 'ログイン',
    'answered',
  );
  await el.updateComplete;
}

const loginFailing = (reply: Reply) =>
  new FakeFlowServer(passwordLogin).on('POST /flow/login', reply);

describe('errors', () => {
  let server: FakeFlowServer;

  it('localizes every problem code of the flow API in Japanese and English', async () => {
    try {
      for (const [problem, ja] of messages) {
        expect(problemMessage(problem, 'ja'), problem.code).to.equal(ja);
      }
      await setLocale('en');
      for (const [problem, , en] of messages) {
        expect(problemMessage(problem, 'en'), problem.code).to.equal(en);
      }
    } finally {
      await setLocale('ja');
    }
  });

  it('an unknown code reads as the server error, never as a raw code', () => {
    // A newer server may send a code this widget was built without.
    const unknown = { code: 'something_new' } as unknown as FlowProblem;
    expect(problemMessage(unknown, 'ja')).to.equal(messages.at(-2)![1]);
  });

  it('wrong credentials: one message that never says which was wrong, focused, tied to both fields; password cleared, ID kept', async () => {
    server = loginFailing(problem(401, 'invalid_credentials'));
    const el = await mount(server);
    await logIn(el);
    expect(text(errorMessage(el))).to.equal(
      'ログインIDまたはログインパスワードが正しくありません。',
    );
    expect(root(el).querySelector('[role=alert]')!.contains(errorMessage(el))).to.equal(true);
    await until(
      () => root(el).activeElement?.getAttribute('part') === 'error',
      'focus on the error',
    );
    for (const label of ['ログインID', 'ログインパスワード']) {
      expect(field(el, label).getAttribute('aria-invalid'), label).to.equal('true');
      expect(field(el, label).getAttribute('aria-describedby'), label).to.equal('problem');
    }
    expect(field(el, 'ログインID').value).to.equal('user01');
    expect(field(el, 'ログインパスワード').value).to.equal('');
    await expectAccessible(el);
  });

  it('lockout (account_locked) says until when, in Japan time', async () => {
    server = loginFailing(
      problem(423, 'account_locked', { lockedUntil: Date.UTC(2026, 0, 5, 1, 30) }),
    );
    const el = await mount(server);
    await logIn(el);
    expect(text(errorMessage(el))).to.include('1月5日 10:30 JST以降');
  });

  it('an error message is in the current language', async () => {
    server = loginFailing(problem(401, 'invalid_credentials'));
    const el = await mount(server, { lang: 'en' });
    field(el, 'Login ID').value = 'user01';
    field(el, 'Login password').value = 'x';
    button(el, 'Connect').click();
    await until(() => errorMessage(el), 'error shown');
    expect(text(errorMessage(el))).to.equal('The login ID or login password is incorrect.');
  });

  for (const [status, code] of [
    [410, 'transaction_expired'],
    [404, 'transaction_not_found'],
    [410, 'transaction_ended'],
  ] as const) {
    it(`${code} ends the form and offers a link back to the partner, which reports the code`, async () => {
      server = loginFailing(problem(status, code));
      const el = await mount(server, { partnerOrigin: 'https://partner.example' });
      await logIn(el);
      expect(root(el).querySelector('form')).to.equal(null);
      const back = root(el).querySelector<HTMLAnchorElement>('[part~=error] a')!;
      expect(text(back)).to.equal('API連携先の画面に戻る');
      expect(back.href).to.equal('https://partner.example/');
      const errors: unknown[] = [];
      el.addEventListener('api-link-auth-error', (event) => errors.push(event.detail));
      root(el).addEventListener('click', (event) => event.preventDefault());
      back.click();
      expect(errors).to.deep.equal([{ code }]);
      await expectAccessible(el);
    });
  }

  it('a flow the bank ended links back to the partner’s callback with error, state and iss (RFC 6749 §4.1.2.1)', async () => {
    const outcome = {
      redirectUri: 'https://partner.example/callback',
      responseMode: 'query',
      params: {
        error: 'access_denied',
        error_description: 'login_locked',
        state: 'st',
        iss: 'https://bank.example',
      },
    };
    server = loginFailing(problem(423, 'account_locked', { lockedUntil: Date.now(), outcome }));
    const el = await mount(server, { partnerOrigin: 'https://partner.example' });
    await logIn(el);
    expect(root(el).querySelector('form')).to.equal(null);
    const back = root(el).querySelector<HTMLAnchorElement>('[part~=error] a')!;
    expect(back.href).to.equal(
      'https://partner.example/callback?error=access_denied&error_description=login_locked&state=st&iss=https%3A%2F%2Fbank.example',
    );
    const errors: unknown[] = [];
    el.addEventListener('api-link-auth-error', (event) => errors.push(event.detail));
    root(el).addEventListener('click', (event) => event.preventDefault());
    back.click();
    expect(errors).to.deep.equal([{ code: 'account_locked', ...outcome.params }]);
    await expectAccessible(el);
  });

  it('「連携先に戻る」 on an error gives up: the bank ends the flow and the partner hears cancelled', async () => {
    const outcome = {
      redirectUri: 'https://partner.example/callback',
      responseMode: 'web_message' as const,
      params: { error: 'access_denied', error_description: 'cancelled', state: 'st', iss: 'b' },
    };
    server = loginFailing(problem(401, 'invalid_credentials')).on(
      'POST /flow/cancel',
      view({ name: 'complete', outcome }),
    );
    const el = await mount(server);
    await logIn(el);
    const cancels: unknown[] = [];
    el.addEventListener('api-link-auth-cancel', (event) => {
      cancels.push(event.detail);
      event.preventDefault();
    });
    button(el, '連携先に戻る').click();
    await until(() => cancels.length > 0, 'cancel event');
    expect(cancels).to.deep.equal([{ reason: 'cancelled', state: 'st', iss: 'b' }]);
    expect(server.routes).to.include('POST /flow/cancel');
  });

  it('a start the server refuses (invalid_authorization_request) shows no form and no retry', async () => {
    server = new FakeFlowServer(passwordLogin).on(
      'POST /flow/start',
      problem(400, 'invalid_authorization_request'),
    );
    server.install();
    const el = await mount(server).catch(() => undefined);
    expect(el).to.equal(undefined); // mount waits for a step heading that never comes
    const widget = document.querySelector('api-link-auth-flow')!;
    await until(() => errorMessage(widget), 'error shown');
    expect(text(errorMessage(widget))).to.include('API連携先からの要求が正しくないか');
    expect(root(widget).querySelector('form')).to.equal(null);
    expect(() => button(widget, '再試行')).to.throw();
  });

  it('step_not_allowed shows where the server really is (GET /flow/view) with a message', async () => {
    server = loginFailing(problem(409, 'step_not_allowed')).on(
      'GET /flow/view',
      view(additionalAuth),
    );
    const el = await mount(server);
    await logIn(el);
    await headingBecomes(el, '追加認証');
    expect(text(errorMessage(el))).to.equal('この操作は現在行えません。最新の画面を表示しました。');
    expect(server.routes).to.deep.equal(['POST /flow/login', 'GET /flow/view']);
  });

  it('a server error without a problem body (502 HTML) reads as server_error and keeps the form', async () => {
    server = loginFailing({ status: 502, text: '<html>Bad gateway</html>' });
    const el = await mount(server);
    await logIn(el);
    expect(text(errorMessage(el))).to.equal(messages.at(-2)![1]);
    expect(field(el, 'ログインID').value).to.equal('user01');
  });

  it('a network failure keeps the place and what was typed (not the password); 再試行 resumes from GET /flow/view', async () => {
    server = loginFailing('network-error').on('GET /flow/view', view(passwordLogin));
    const el = await mount(server);
    await logIn(el);
    expect(text(errorMessage(el))).to.equal(messages.at(-1)![1]);
    expect(text(root(el).querySelector('h2'))).to.equal('ログイン');
    expect(field(el, 'ログインID').value).to.equal('user01');
    expect(field(el, 'ログインパスワード').value).to.equal('');
    await expectAccessible(el);
    button(el, '再試行').click();
    await until(() => !errorMessage(el), 'message gone');
    expect(server.routes).to.deep.equal(['POST /flow/login', 'GET /flow/view']);
    expect(field(el, 'ログインID').value).to.equal('user01');
    await until(
      () => root(el).activeElement === root(el).querySelector('h2'),
      'focus on the heading',
    );
  });

  it('再試行 after a lost answer shows the step the server already moved to', async () => {
    server = loginFailing('network-error').on('GET /flow/view', 'network-error', view(scopeSelect));
    const el = await mount(server);
    await logIn(el);
    button(el, '再試行').click();
    await settled(el);
    expect(text(errorMessage(el))).to.equal(messages.at(-1)![1]);
    button(el, '再試行').click();
    await headingBecomes(el, '認可業務選択');
    expect(errorMessage(el)).to.equal(null);
  });

  it('a network failure while starting retries the start', async () => {
    server = new FakeFlowServer(passwordLogin);
    server.on('POST /flow/start', 'network-error', {
      status: 201,
      body: { transaction: 'tx-2', view: passwordLogin },
    });
    server.install();
    await mount(server).catch(() => undefined);
    const widget = document.querySelector('api-link-auth-flow')!;
    await until(() => errorMessage(widget), 'error shown');
    expect(screenText(widget)).to.include('通信に失敗しました');
    button(widget, '再試行').click();
    await headingBecomes(widget, 'ログイン');
    expect(server.requests.map(({ path }) => path)).to.deep.equal(['/flow/start', '/flow/start']);
  });
});
