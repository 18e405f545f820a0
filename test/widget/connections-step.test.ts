import { expect, fixture, html } from '@open-wc/testing';
import type { ConnectionView, ConsentRecordView, ManageView } from '../../server/manage/types.js';
import type { ApiLinkAuthFlow } from '../../widget/api-link-auth-flow.js';
import { FakeFlowServer, problem, type Answer } from './support/fake-flow.js';
import {
  button,
  deepActiveElement,
  expectAccessible,
  field,
  heading,
  headingBecomes,
  labelledBy,
  root,
  screenText,
  settled,
  text,
  until,
} from './support/dom.js';
import { additionalAuth, passwordLogin as flowLogin } from './support/views.js';

const names = {
  balance: { name: 'balance', label: { ja: '残高照会', en: 'Balance inquiry' } },
  transactions: {
    name: 'transactions',
    label: { ja: '入出金明細照会', en: 'Transaction history inquiry' },
  },
};

const kakeibo: ConnectionView = {
  grantId: 'g-1',
  service: { ja: 'かんたん家計簿', en: 'Easy Household Budget' },
  company: { ja: 'デモフィンテック株式会社', en: 'Demo Fintech Inc.' },
  scopes: [names.balance, names.transactions],
  accounts: [
    {
      id: 'acc-1',
      branchName: { ja: 'インターネット支店', en: 'Internet Branch' },
      branchCode: '001',
      accountType: { ja: '普通', en: 'Ordinary' },
      accountNumber: '2000002',
    },
  ],
  createdOn: '2026-11-01',
  endsOn: '2027-01-30',
  daysLeft: 62,
  expiringSoon: false,
  lastUsedAt: null,
  revokedOn: null,
};

const quick: ConnectionView = {
  ...kakeibo,
  grantId: 'g-2',
  service: { ja: 'かんたん連携', en: 'Quick Link' },
  scopes: [names.balance],
  createdOn: '2026-09-10',
  endsOn: '2026-12-09',
  daysLeft: 10,
  expiringSoon: true,
  lastUsedAt: Date.UTC(2026, 10, 28, 3, 5),
};

/** The signed record of kakeibo's 許可 (server/oauth/consent-record.ts), and of its 連携解除. */
const givenRecord: ConsentRecordView = {
  status: 'given',
  jws: 'eyJhbGciOiJFUzI1NiJ9.eyJncmFudF9pZCI6ImctMSJ9.c2lnbmF0dXJl',
  claims: {
    record_id: 'rec-1',
    grant_id: 'g-1',
    controller: {
      name: { ja: 'デモ信用組合', en: 'Demo Credit Union' },
      issuer: 'http://127.0.0.1:8787',
      jurisdiction: 'JP',
    },
    partner: { client_id: 'demo-kakeibo', service: kakeibo.service, company: kakeibo.company },
    services: [{ scope: 'balance', label: names.balance.label }],
    accounts: [
      {
        branch: { ja: 'インターネット支店', en: 'Internet Branch' },
        type: { ja: '普通', en: 'Ordinary' },
        number: '***0002',
      },
    ],
    period: { start: '2026-11-01T00:00:00.000Z', end: '2027-01-30T00:00:00.000Z' },
    time: '2026-11-01T00:00:00.000Z',
    method: 'web-form',
    status: 'given',
  },
};

const withdrawnRecord: ConsentRecordView = {
  status: 'withdrawn',
  jws: 'eyJhbGciOiJFUzI1NiJ9.eyJzdGF0dXMiOiJ3aXRoZHJhd24ifQ.c2lnbmF0dXJl',
  claims: {
    ...givenRecord.claims,
    record_id: 'rec-2',
    time: '2026-11-29T10:30:00.000Z',
    status: 'withdrawn',
  },
};

const list = (
  active: ConnectionView[],
  revoked: ConnectionView[] = [],
  expired: ConnectionView[] = [],
): ManageView => ({
  name: 'connections',
  active,
  revoked,
  expired,
});

/** The management API answers the flow's login and question views (server/manage/types.ts). */
const passwordLogin = flowLogin as ManageView;
const question = additionalAuth as ManageView;

const answer = (next: ManageView): Answer => ({ status: 200, body: { view: next } });

/** A fake of the management API (server/routes/manage/) starting at `first`. */
function manageServer(first: ManageView): FakeFlowServer {
  return new FakeFlowServer(flowLogin).on('POST /manage/start', {
    status: 201,
    body: { transaction: 'session-1', view: first },
  });
}

let server: FakeFlowServer | undefined;
afterEach(() => server?.restore());

/** The /connections page's element, in manage mode, at its first view. */
async function mountManage(fake: FakeFlowServer, lang = 'ja'): Promise<ApiLinkAuthFlow> {
  server = fake.install();
  const el = await fixture<ApiLinkAuthFlow>(
    html`<api-link-auth-flow mode="manage" lang=${lang}></api-link-auth-flow>`,
  );
  await until(() => heading(el), 'first view');
  await settled(el);
  return el;
}

async function loggedIn(view = list([kakeibo, quick]), lang = 'ja') {
  const fake = manageServer(passwordLogin).on('POST /manage/login', answer(view));
  const el = await mountManage(fake, lang);
  const ja = lang === 'ja';
  field(el, ja ? 'ログインID' : 'Login ID').value = 'demo';
  field(el, ja ? 'ログインパスワード' : 'Login password').value = 'demo1234';
  button(el, ja ? 'ログイン' : 'Log in').click();
  await headingBecomes(el, ja ? '連携サービス一覧' : 'Linked services');
  await settled(el);
  return { el, fake };
}

const items = (el: Element) => [...root(el).querySelectorAll('ul.connections > li')];

describe('連携サービス一覧 (manage mode)', () => {
  it('logs in with the same login step, worded to log in, and sends it to the management API', async () => {
    const { el, fake } = await loggedIn();
    expect(fake.requests[0]).to.deep.include({ method: 'POST', path: '/manage/start' });
    expect(fake.last).to.deep.equal({
      method: 'POST',
      path: '/manage/login',
      transaction: 'session-1',
      body: { loginId: 'demo', password: 'demo1234' },
    });
    expect(text(root(el).querySelector('header p'))).to.equal('連携サービス一覧');
    expect(root(el).querySelector('[part~=progress]')).to.equal(null);
    expect(deepActiveElement()).to.equal(heading(el));
  });

  it('shows each grant: service and company, 認可対象, accounts, 連携日, 有効期限 with days left, last use', async () => {
    const { el } = await loggedIn();
    const [first, second] = items(el);
    expect(text(first.querySelector('h3'))).to.equal('かんたん家計簿（デモフィンテック株式会社）');
    const details = text(first.querySelector('dl'));
    expect(details).to.include('認可対象 残高照会、入出金明細照会');
    expect(details).to.include('対象口座 インターネット支店 (001) 普通 2000002');
    expect(details).to.include('連携日 2026年11月1日');
    expect(details).to.include('有効期限 2027年1月30日 （あと62日）');
    expect(details).to.include('最終利用日時 -');
    expect(text(second.querySelector('dl'))).to.include('最終利用日時 2026年11月28日 12:05');
    await expectAccessible(el);
  });

  it('lists grants past their end under 期限切れ, with no 連携解除', async () => {
    const ended = { ...quick, endsOn: '2026-11-20', daysLeft: 0 };
    const { el } = await loggedIn(list([kakeibo], [], [ended]));
    const headings = [...root(el).querySelectorAll('h3')].map((h3) => text(h3));
    expect(headings).to.include('期限切れ');
    const last = items(el).at(-1)!;
    expect(text(last)).to.include('2026年11月20日に期限切れ');
    const buttons = [...last.querySelectorAll('button')].map((button) => text(button));
    expect(buttons).to.deep.equal(['同意記録']);
    await expectAccessible(el);
  });

  it('marks only grants ending within 14 days 期限が近づいています', async () => {
    const { el } = await loggedIn();
    const [first, second] = items(el);
    expect(text(first)).not.to.include('期限が近づいています');
    expect(text(second.querySelector('.expiring'))).to.equal('期限が近づいています');
  });

  it('「連携解除」 asks once more in a group named by its question, with focus on 「キャンセル」', async () => {
    const { el, fake } = await loggedIn();
    const revoke = items(el)[0].querySelector('button')!;
    expect(text(revoke)).to.equal('連携解除');
    expect(labelledBy(revoke).length).to.equal(0);
    revoke.click();
    await until(() => root(el).querySelector('[role=group]'), 'confirmation');
    const group = root(el).querySelector('[role=group]')!;
    expect(labelledBy(group)).to.include('かんたん家計簿との連携を解除しますか？');
    expect(text(deepActiveElement())).to.equal('キャンセル');
    button(el, '解除する');
    await expectAccessible(el);

    button(el, 'キャンセル').click();
    await until(() => !root(el).querySelector('[role=group]'), 'confirmation closed');
    expect(deepActiveElement()).to.equal(items(el)[0].querySelector('button'));
    expect(fake.routes).to.deep.equal(['POST /manage/login']);
  });

  it('Escape in the confirmation cancels it', async () => {
    const { el } = await loggedIn();
    items(el)[1].querySelector('button')!.click();
    await until(() => root(el).querySelector('[role=group]'), 'confirmation');
    deepActiveElement()!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
    );
    await until(() => !root(el).querySelector('[role=group]'), 'confirmation closed');
    expect(text(deepActiveElement())).to.equal('連携解除');
  });

  it('「解除する」 revokes the grant, which moves to 解除済み; the heading takes focus and the result is announced', async () => {
    const { el, fake } = await loggedIn();
    fake.on(
      'POST /manage/grants/g-1/revoke',
      answer(list([quick], [{ ...kakeibo, revokedOn: '2026-11-29' }])),
    );
    items(el)[0].querySelector('button')!.click();
    await until(() => root(el).querySelector('[role=group]'), 'confirmation');
    button(el, '解除する').click();
    await until(() => items(el).length === 2 && text(root(el)).includes('解除済み'), 'revoked');
    await settled(el);
    expect(fake.last).to.deep.include({
      method: 'POST',
      path: '/manage/grants/g-1/revoke',
      transaction: 'session-1',
    });
    expect(text(items(el)[1])).to.equal(
      'かんたん家計簿（デモフィンテック株式会社） 2026年11月29日に解除 同意記録',
    );
    expect(text(root(el).querySelector('[role=status]'))).to.equal(
      'かんたん家計簿との連携を解除しました。',
    );
    expect(deepActiveElement()).to.equal(heading(el));
    await expectAccessible(el);
  });

  it('a grant already gone is answered with the list as it is now, and an alert', async () => {
    const { el, fake } = await loggedIn();
    fake
      .on('POST /manage/grants/g-1/revoke', problem(404, 'grant_not_found'))
      .on('GET /manage/view', answer(list([quick])));
    items(el)[0].querySelector('button')!.click();
    await until(() => root(el).querySelector('[role=group]'), 'confirmation');
    button(el, '解除する').click();
    await until(() => root(el).querySelector('#problem'), 'problem');
    expect(items(el).length).to.equal(1);
    expect(text(root(el).querySelector('[role=alert]'))).to.include('最新の画面を表示しました');
    expect(deepActiveElement()).to.equal(root(el).querySelector('[part~=error]'));
  });

  it('「同意記録」 opens the grant’s signed records in words, with the JWS to download, and closes again', async () => {
    const { el, fake } = await loggedIn();
    fake.on('GET /manage/grants/g-1/consent-records', {
      status: 200,
      body: { records: [givenRecord] },
    });
    const open = button(el, '同意記録');
    expect(open.getAttribute('aria-expanded')).to.equal('false');
    open.click();
    await until(() => root(el).querySelector('.consent-record'), 'records');
    await settled(el);
    expect(fake.last).to.deep.include({
      method: 'GET',
      path: '/manage/grants/g-1/consent-records',
      transaction: 'session-1',
    });
    expect(open.getAttribute('aria-expanded')).to.equal('true');
    const panel = root(el).querySelector('.consent-record')!;
    expect(deepActiveElement()).to.equal(panel.querySelector('h4'));
    expect(text(panel.querySelector('h5'))).to.equal('同意（2026年11月1日 9:00）');
    const details = text(panel.querySelector('dl'));
    expect(details).to.include('情報の管理者 デモ信用組合');
    expect(details).to.include('提供先 かんたん家計簿（デモフィンテック株式会社）');
    expect(details).to.include('認可対象 残高照会');
    expect(details).to.include('対象口座 インターネット支店 普通 ***0002');
    expect(details).to.include('有効期間 2026年11月1日から2027年1月30日まで');
    expect(details).to.include('方法 インターネットバンキングの画面');
    const download = panel.querySelector('a')!;
    expect(download.getAttribute('download')).to.equal('consent-record-rec-1.jws');
    const [type, data] = download.href.split(',');
    expect(type).to.equal('data:application/jose;charset=utf-8');
    expect(decodeURIComponent(data)).to.equal(givenRecord.jws);
    await expectAccessible(el);

    open.click();
    await until(() => !root(el).querySelector('.consent-record'), 'records closed');
    expect(deepActiveElement()).to.equal(open);
    expect(fake.routes.filter((route) => route.includes('consent-records')).length).to.equal(1);
  });

  it('a revoked grant’s 同意記録 shows its withdrawal too', async () => {
    const revoked = { ...kakeibo, revokedOn: '2026-11-29' };
    const { el, fake } = await loggedIn(list([quick], [revoked]));
    fake.on('GET /manage/grants/g-1/consent-records', {
      status: 200,
      body: { records: [givenRecord, withdrawnRecord] },
    });
    items(el)[1].querySelector('button')!.click();
    await until(() => root(el).querySelectorAll('.consent-record article').length === 2, 'records');
    const titles = [...root(el).querySelectorAll('.consent-record h5')].map((h5) => text(h5));
    expect(titles).to.deep.equal([
      '同意（2026年11月1日 9:00）',
      'お客様による連携解除（2026年11月29日 19:30）',
    ]);
    await expectAccessible(el);
  });

  it('a renewed grant’s 同意記録 names the re-consent 同意の更新', async () => {
    const renewedRecord: ConsentRecordView = {
      ...givenRecord,
      status: 'renewed',
      claims: { ...givenRecord.claims, record_id: 'rec-3', time: '2026-11-29T10:30:00.000Z' },
    };
    const { el, fake } = await loggedIn(list([kakeibo]));
    fake.on('GET /manage/grants/g-1/consent-records', {
      status: 200,
      body: { records: [givenRecord, renewedRecord] },
    });
    button(el, '同意記録').click();
    await until(() => root(el).querySelectorAll('.consent-record article').length === 2, 'records');
    const titles = [...root(el).querySelectorAll('.consent-record h5')].map((h5) => text(h5));
    expect(titles).to.deep.equal([
      '同意（2026年11月1日 9:00）',
      '同意の更新（2026年11月29日 19:30）',
    ]);
  });

  it('asks the question when the server says so, through /manage/answer', async () => {
    const fake = manageServer(passwordLogin)
      .on('POST /manage/login', answer(question))
      .on('POST /manage/answer', answer(list([])));
    const el = await mountManage(fake);
    field(el, 'ログインID').value = 'demo-risk';
    field(el, 'ログインパスワード').value = 'demo1234';
    button(el, 'ログイン').click();
    await headingBecomes(el, '追加認証');
    field(el, '回答を入力').value = '7';
    button(el, '認証').click();
    await headingBecomes(el, '連携サービス一覧');
    expect(fake.last).to.deep.include({ path: '/manage/answer', body: { answer: '7' } });
    expect(screenText(el)).to.include('連携中のサービスはありません。');
    await expectAccessible(el);
  });

  it('an expired session offers to log in again', async () => {
    const fake = manageServer(passwordLogin).on(
      'POST /manage/login',
      problem(410, 'transaction_expired'),
    );
    const el = await mountManage(fake);
    field(el, 'ログインID').value = 'demo';
    field(el, 'ログインパスワード').value = 'demo1234';
    button(el, 'ログイン').click();
    await until(() => root(el).querySelector('#problem'), 'problem');
    expect(root(el).querySelector('form')).to.equal(null);
    await expectAccessible(el);
    button(el, 'もう一度ログインする').click();
    await until(() => root(el).querySelector('form'), 'login again');
    expect(fake.routes.at(-1)).to.equal('POST /manage/start');
  });

  it('in English: the glossary words, dates and the 14-day mark', async () => {
    const { el } = await loggedIn(list([kakeibo, quick]), 'en');
    expect(text(heading(el))).to.equal('Linked services');
    const [first, second] = items(el);
    expect(text(first.querySelector('h3'))).to.equal('Easy Household Budget (Demo Fintech Inc.)');
    expect(text(first.querySelector('dl'))).to.include(
      'Valid until January 30, 2027 (62 days left)',
    );
    expect(text(second.querySelector('.expiring'))).to.equal('Ending soon');
    button(el, 'Disconnect');
    await expectAccessible(el);
  });
});
