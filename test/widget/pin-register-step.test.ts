import { expect } from '@open-wc/testing';
import { FakeFlowServer, problem, view } from './support/fake-flow.js';
import {
  button,
  check,
  errorMessage,
  expectAccessible,
  field,
  headingBecomes,
  labelledBy,
  mount,
  root,
  text,
  settled,
  type,
  until,
  type Widget,
} from './support/dom.js';
import { pinRegister, pinResult } from './support/views.js';

const rows = (el: Widget) => [...root(el).querySelectorAll('tbody tr')];
const cells = (row: Element) => [...row.children].map((cell) => text(cell));
const pinInputs = (el: Widget) => [
  ...root(el).querySelectorAll<HTMLInputElement>('tbody input[type=password]'),
];
const rowBoxes = (el: Widget) => [
  ...root(el).querySelectorAll<HTMLInputElement>('tbody input[type=checkbox]'),
];

describe('step 4 inquiry PIN registration', () => {
  let server: FakeFlowServer;

  it('shows the table 全て / 登録状況 / 照会用口座 / 口座メモ / 照会用暗証番号（現在） with the seed rows', async () => {
    server = new FakeFlowServer(pinRegister);
    const el = await mount(server);
    expect(text(root(el).querySelector('h2'))).to.equal('照会用暗証番号登録');
    expect([...root(el).querySelectorAll('thead th')].map((th) => text(th))).to.deep.equal([
      '全て',
      '登録状況',
      '照会用口座',
      '口座メモ',
      '照会用暗証番号（現在）',
    ]);
    expect(rows(el).map((row) => cells(row).slice(1, 4))).to.deep.equal([
      ['未登録', 'インターネット支店 (001) 普通 2000002', '口座メモ5678901234567890'],
      ['未登録', 'インターネット支店 (202) 普通 1111111', '-'],
      ['登録済み', 'インターネット支店 (202) 普通 2222222', '-'],
      ['登録済み*', '都庁支店 (456) 普通 1000314', '口座メモ5678901234567890'],
    ]);
    button(el, '登録');
    await expectAccessible(el);
  });

  it('in English: All / Status / Account / Memo, Not registered / Registered / Registered*, Register', async () => {
    server = new FakeFlowServer(pinRegister);
    const el = await mount(server, { lang: 'en' });
    expect(text(root(el).querySelector('h2'))).to.equal('Inquiry PIN registration');
    expect([...root(el).querySelectorAll('thead th')].map((th) => text(th))).to.deep.equal([
      'All',
      'Status',
      'Account',
      'Memo',
      'Inquiry PIN (current)',
    ]);
    expect(rows(el).map((row) => cells(row)[1])).to.deep.equal([
      'Not registered',
      'Not registered',
      'Registered',
      'Registered*',
    ]);
    expect(cells(rows(el)[0])[2]).to.equal('Internet Branch (001) Ordinary 2000002');
    button(el, 'Register');
    await expectAccessible(el);
  });

  it('gives only 未登録 rows a checkbox and a numeric, masked PIN field named after the account', async () => {
    server = new FakeFlowServer(pinRegister);
    const el = await mount(server);
    expect(rowBoxes(el)).to.have.length(2);
    expect(pinInputs(el)).to.have.length(2);
    const [first] = pinInputs(el);
    expect(first.type).to.equal('password');
    expect(first.inputMode).to.equal('numeric');
    expect(first.autocomplete).to.equal('off');
    expect(labelledBy(first)).to.equal(
      '照会用暗証番号（現在） インターネット支店 (001) 普通 2000002',
    );
    expect(labelledBy(rowBoxes(el)[1])).to.equal('インターネット支店 (202) 普通 1111111');
  });

  it('「全て」 selects and clears every selectable row; typing a PIN selects its row', async () => {
    server = new FakeFlowServer(pinRegister);
    const el = await mount(server);
    const all = field(el, '全て');
    await check(all);
    await el.updateComplete;
    await until(() => rowBoxes(el).every((box) => box.checked), 'all rows selected');
    expect(pinInputs(el).every((input) => input.required)).to.equal(true);
    await check(all, false);
    await until(() => rowBoxes(el).every((box) => !box.checked), 'all rows cleared');
    await type(pinInputs(el)[1], '12');
    await until(() => rowBoxes(el)[1].checked, 'typed row selected');
    expect(field(el, '全て').indeterminate).to.equal(true);
  });

  it('submits the account and PIN of each selected row only', async () => {
    server = new FakeFlowServer(pinRegister).on('POST /flow/pins', view(pinResult));
    const el = await mount(server);
    await check(rowBoxes(el)[0]);
    await type(pinInputs(el)[0], '1234');
    await type(pinInputs(el)[1], '9999');
    await check(rowBoxes(el)[1], false);
    await el.updateComplete;
    button(el, '登録').click();
    await headingBecomes(el, '照会用暗証番号登録結果');
    expect(server.last).to.deep.include({
      path: '/flow/pins',
      body: { pins: [{ accountId: 'acc-1', pin: '1234' }] },
    });
  });

  it('shows a wrong PIN on its own row, clears the PINs and keeps the selection', async () => {
    server = new FakeFlowServer(pinRegister).on(
      'POST /flow/pins',
      problem(422, 'invalid_pin', { accountIds: ['acc-2'] }),
    );
    const el = await mount(server);
    await type(pinInputs(el)[0], '1234');
    await type(pinInputs(el)[1], '0000');
    await el.updateComplete;
    button(el, '登録').click();
    await until(() => errorMessage(el), 'error shown');
    const [first, second] = pinInputs(el);
    expect(first.hasAttribute('aria-invalid')).to.equal(false);
    expect(second.getAttribute('aria-invalid')).to.equal('true');
    const rowError = root(el).getElementById(second.getAttribute('aria-describedby')!);
    expect(text(rowError)).to.equal('照会用暗証番号が正しくありません。');
    expect(rows(el)[1].contains(rowError)).to.equal(true);
    expect(root(el).querySelectorAll('.field-error')).to.have.length(1);
    expect([first.value, second.value]).to.deep.equal(['', '']);
    expect(rowBoxes(el).map((box) => box.checked)).to.deep.equal([true, true]);
    await expectAccessible(el);
  });

  it('shows a locked PIN (pin_locked) on its row', async () => {
    server = new FakeFlowServer(pinRegister).on(
      'POST /flow/pins',
      problem(423, 'pin_locked', { accountIds: ['acc-1'] }),
    );
    const el = await mount(server);
    await type(pinInputs(el)[0], '1234');
    await el.updateComplete;
    button(el, '登録').click();
    await until(() => errorMessage(el), 'error shown');
    expect(text(errorMessage(el))).to.equal('照会用暗証番号がロックされている口座があります。');
    expect(text(rows(el)[0].querySelector('.field-error'))).to.equal(
      'この口座の照会用暗証番号はロックされています。',
    );
  });

  it('shows account_required, account_not_selectable and nothing_left_to_register from the server', async () => {
    server = new FakeFlowServer(pinRegister).on(
      'POST /flow/pins',
      problem(422, 'account_required'),
      problem(422, 'account_not_selectable'),
      problem(409, 'nothing_left_to_register'),
    );
    const el = await mount(server);
    for (const expected of [
      '照会用口座を1つ以上選択し、照会用暗証番号を入力してください。',
      '選択できない口座が含まれています。',
      '照会用暗証番号を登録できる口座はありません。',
    ]) {
      button(el, '登録').click();
      await settled(el);
      expect(text(errorMessage(el))).to.equal(expected);
    }
    expect(server.routes).to.deep.equal(['POST /flow/pins', 'POST /flow/pins', 'POST /flow/pins']);
  });
});
