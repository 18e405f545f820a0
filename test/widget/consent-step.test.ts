import { expect } from '@open-wc/testing';
import { FakeFlowServer, problem, view } from './support/fake-flow.js';
import {
  button,
  check,
  errorMessage,
  expectAccessible,
  field,
  headingBecomes,
  mount,
  root,
  screenText,
  text,
  until,
  type Widget,
} from './support/dom.js';
import type { FlowView } from '../../server/flow/types.js';
import { completed, consent, denied } from './support/views.js';

type ConsentView = Extract<FlowView, { name: 'consent' }>;

const links = (el: Widget) => [...root(el).querySelectorAll('a')];
const preventDelivery = (el: Widget) => {
  el.addEventListener('api-link-auth-complete', (event) => event.preventDefault());
  el.addEventListener('api-link-auth-cancel', (event) => event.preventDefault());
};

describe('step 6 permission to access information', () => {
  let server: FakeFlowServer;

  it('shows the seed’s 情報アクセス許可 text with the partner service, company and the bank', async () => {
    server = new FakeFlowServer(consent);
    const el = await mount(server);
    expect(text(root(el).querySelector('h2'))).to.equal('情報アクセス許可');
    const page = screenText(el);
    expect(page).to.include(
      'かけいぼ（株式会社サンプル）がお客様のインターネットバンキングの口座情報・明細情報へのアクセスを求めています。かけいぼ（株式会社サンプル）とデモ信用組合はそれぞれの利用規約とプライバシーポリシーに基づいて、この情報を使用します。以下の認可対象・認可期間をご確認の上、「許可」ボタンを押してください。',
    );
    expect(page).to.include('意思確認');
    expect(page).to.include(
      'お客様の入力されたIDやパスワード等の認証情報はかけいぼには表示されません。また、かけいぼとの間の通信は暗号化されています。',
    );
    expect(page).to.include(
      'なお、本アプリケーションへのアクセスは、デモ信用組合へ接続することによって行われます。',
    );
    await expectAccessible(el);
  });

  it('shows 認可対象 (the chosen services) and 認可期間 「一定期間（90日）」 with the end date', async () => {
    server = new FakeFlowServer(consent);
    const el = await mount(server);
    const terms = [...root(el).querySelectorAll('dt')].map((dt) => text(dt));
    expect(terms).to.deep.equal(['認可対象', '認可期間', '対象口座']);
    const [scopes, period] = [...root(el).querySelectorAll('dd')];
    expect([...scopes.querySelectorAll('li')].map((li) => text(li))).to.deep.equal([
      '残高照会',
      '入出金明細照会',
    ]);
    expect(period.innerText).to.equal('一定期間（90日）\n2026年2月21日まで');
  });

  it('links to the terms, privacy policy and 「詳細はこちら」 in a new tab', async () => {
    server = new FakeFlowServer(consent);
    const el = await mount(server);
    expect(links(el).map((a) => [text(a), a.href, a.target, a.rel])).to.deep.equal([
      [
        'かけいぼの利用規約（新しいタブで開きます）',
        'https://partner.example/terms',
        '_blank',
        'noopener noreferrer',
      ],
      [
        'かけいぼのプライバシーポリシー（新しいタブで開きます）',
        'https://partner.example/privacy',
        '_blank',
        'noopener noreferrer',
      ],
      [
        '詳細はこちら（新しいタブで開きます）',
        'https://partner.example/details',
        '_blank',
        'noopener noreferrer',
      ],
    ]);
  });

  it('in English: Permission to access information, Services, Period, Fixed term (90 days), Allow, Deny', async () => {
    server = new FakeFlowServer(consent);
    const el = await mount(server, { lang: 'en' });
    expect(text(root(el).querySelector('h2'))).to.equal('Permission to access information');
    const page = screenText(el);
    expect(page).to.include(
      'Kakeibo (Sample Inc.) is asking to access your internet banking account and transaction information.',
    );
    expect(page).to.include('Fixed term (90 days)\nuntil February 21, 2026');
    expect([...root(el).querySelectorAll('dt')].map((dt) => text(dt))).to.deep.equal([
      'Services',
      'Period',
      'Accounts',
    ]);
    expect(page).to.include('Confirmation');
    expect(links(el).map((a) => text(a))).to.deep.equal([
      'Kakeibo terms of use (opens in a new tab)',
      'Kakeibo privacy policy (opens in a new tab)',
      'Details (opens in a new tab)',
    ]);
    field(el, 'Continue with this authorization');
    button(el, 'Allow');
    button(el, 'Deny');
    await expectAccessible(el);
  });

  it('enables 許可 only once 「認可手続きを継続する」 is checked; 拒否 is always available', async () => {
    server = new FakeFlowServer(consent);
    const el = await mount(server);
    expect(button(el, '許可').disabled).to.equal(true);
    expect(button(el, '拒否').disabled).to.equal(false);
    await check(field(el, '認可手続きを継続する'));
    await until(() => !button(el, '許可').disabled, '許可 enabled');
  });

  it('許可 posts decision allow with confirmed true', async () => {
    server = new FakeFlowServer(consent).on('POST /flow/consent', view(completed('query')));
    const el = await mount(server);
    preventDelivery(el);
    await check(field(el, '認可手続きを継続する'));
    await until(() => !button(el, '許可').disabled, '許可 enabled');
    button(el, '許可').click();
    await headingBecomes(el, '遷移元のAPI連携先画面に遷移します。');
    expect(server.last).to.deep.include({
      path: '/flow/consent',
      body: { decision: 'allow', confirmed: true, accountIds: ['acc-3', 'acc-4'] },
    });
  });

  it('names 対象口座, each checked at first; the grant covers exactly the accounts left checked', async () => {
    server = new FakeFlowServer(consent).on('POST /flow/consent', view(completed('query')));
    const el = await mount(server);
    preventDelivery(el);
    const boxes = [...root(el).querySelectorAll<HTMLInputElement>('input[name=account]')];
    expect(boxes.map((box) => box.labels?.[0]?.textContent?.trim())).to.deep.equal([
      'インターネット支店 (202) 普通 2222222',
      '都庁支店 (456) 普通 1000314（登録済み*）',
    ]);
    expect(boxes.every((box) => box.checked)).to.equal(true);
    await check(field(el, 'インターネット支店 (202) 普通 2222222'), false);
    await check(field(el, '認可手続きを継続する'));
    await until(() => !button(el, '許可').disabled, '許可 enabled');
    button(el, '許可').click();
    await headingBecomes(el, '遷移元のAPI連携先画面に遷移します。');
    expect(server.last.body).to.deep.equal({
      decision: 'allow',
      confirmed: true,
      accountIds: ['acc-4'],
    });
  });

  it('keeps 許可 disabled, and says why, while no account is checked', async () => {
    server = new FakeFlowServer(consent);
    const el = await mount(server);
    await check(field(el, '認可手続きを継続する'));
    for (const box of root(el).querySelectorAll<HTMLInputElement>('input[name=account]')) {
      await check(box, false);
    }
    await until(() => button(el, '許可').disabled, '許可 disabled');
    const alert = root(el).querySelector('#consent-accounts-required');
    expect(text(alert)).to.equal('対象口座を1つ以上選択してください。');
    await expectAccessible(el);
  });

  it('拒否 posts decision deny', async () => {
    server = new FakeFlowServer(consent).on('POST /flow/consent', view(denied('query')));
    const el = await mount(server);
    preventDelivery(el);
    button(el, '拒否').click();
    await headingBecomes(el, '遷移元のAPI連携先画面に遷移します。');
    expect(server.last.body).to.deep.equal({ decision: 'deny', confirmed: false });
  });

  it('shows confirmation_required tied to the checkbox', async () => {
    server = new FakeFlowServer(consent).on(
      'POST /flow/consent',
      problem(422, 'confirmation_required'),
    );
    const el = await mount(server);
    button(el, '拒否').click();
    await until(() => errorMessage(el), 'error shown');
    expect(text(errorMessage(el))).to.equal(
      '「認可手続きを継続する」のチェックボックスをチェックしてください。',
    );
    expect(field(el, '認可手続きを継続する').getAttribute('aria-describedby')).to.equal('problem');
  });

  describe('a re-consent (grant_management_action replace or merge) shows what changes', () => {
    const reconsent = (action: 'replace' | 'merge'): FlowView => ({
      ...(consent as ConsentView),
      change: {
        action,
        scopesAdded: [
          { name: 'transactions', label: { ja: '入出金明細照会', en: 'Transactions' } },
        ],
        scopesRemoved: [],
        accountIdsBefore: ['acc-3'],
        endedOn: '2025-11-23',
      },
    });
    const changes = (el: Widget) => {
      const section = root(el).querySelector('section[aria-labelledby=consent-change]')!;
      const terms = [...section.querySelectorAll('dt')].map((dt) => text(dt));
      const values = [...section.querySelectorAll('dd')].map((dd) =>
        dd.querySelector('ul') ? [...dd.querySelectorAll('li')].map((li) => text(li)) : text(dd),
      );
      return Object.fromEntries(terms.map((term, index) => [term, values[index]]));
    };

    it('replace: services and accounts added or removed as the boxes change, and the new end date', async () => {
      server = new FakeFlowServer(reconsent('replace'));
      const el = await mount(server);
      expect(text(root(el).querySelector('#consent-change'))).to.equal('変更内容');
      expect(changes(el)).to.deep.equal({
        追加される認可対象: ['入出金明細照会'],
        追加される口座: ['都庁支店 (456) 普通 1000314'],
        有効期限: '2026年2月21日まで（変更前: 2025年11月23日まで）',
      });
      expect(field(el, 'インターネット支店 (202) 普通 2222222（連携中）').disabled).to.equal(false);
      await check(field(el, 'インターネット支店 (202) 普通 2222222（連携中）'), false);
      await check(field(el, '都庁支店 (456) 普通 1000314（登録済み*）'), false);
      await until(() => '外れる口座' in changes(el), 'the removed account listed');
      expect(changes(el)).to.deep.equal({
        追加される認可対象: ['入出金明細照会'],
        外れる口座: ['インターネット支店 (202) 普通 2222222'],
        有効期限: '2026年2月21日まで（変更前: 2025年11月23日まで）',
      });
      await expectAccessible(el);
    });

    it('merge: the grant’s accounts stay checked and none is removed; 許可 sends them too', async () => {
      server = new FakeFlowServer(reconsent('merge')).on(
        'POST /flow/consent',
        view(completed('query')),
      );
      const el = await mount(server);
      preventDelivery(el);
      const kept = field(el, 'インターネット支店 (202) 普通 2222222（連携中）');
      expect([kept.checked, kept.disabled]).to.deep.equal([true, true]);
      expect(changes(el)['外れる口座']).to.equal(undefined);
      await check(field(el, '認可手続きを継続する'));
      await until(() => !button(el, '許可').disabled, '許可 enabled');
      button(el, '許可').click();
      await headingBecomes(el, '遷移元のAPI連携先画面に遷移します。');
      expect(server.last.body).to.deep.equal({
        decision: 'allow',
        confirmed: true,
        accountIds: ['acc-3', 'acc-4'],
      });
      await expectAccessible(el);
    });

    it('in English: What changes, Services added, Accounts added, End date', async () => {
      server = new FakeFlowServer(reconsent('replace'));
      const el = await mount(server, { lang: 'en' });
      expect(text(root(el).querySelector('#consent-change'))).to.equal('What changes');
      expect(changes(el)).to.deep.equal({
        'Services added': ['Transactions'],
        'Accounts added': ['Tocho Branch (456) Ordinary 1000314'],
        'End date': 'until February 21, 2026 (before: until November 23, 2025)',
      });
    });

    it('a renewal that ends on the same day as before says the end date is unchanged', async () => {
      const sameDay = reconsent('replace') as ConsentView;
      sameDay.change!.endedOn = sameDay.endsOn;
      server = new FakeFlowServer(sameDay);
      const el = await mount(server);
      expect(changes(el)['有効期限']).to.equal('2026年2月21日まで（変更なし）');
      el.remove();
      const english = await mount(new FakeFlowServer(sameDay), { lang: 'en' });
      expect(changes(english)['End date']).to.equal('until February 21, 2026 (unchanged)');
    });

    it('a first consent shows no change section', async () => {
      server = new FakeFlowServer(consent);
      const el = await mount(server);
      expect(root(el).querySelector('#consent-change')).to.equal(null);
    });
  });
});
