import { expect } from '@open-wc/testing';
import { FakeFlowServer, view } from './support/fake-flow.js';
import {
  button,
  expectAccessible,
  headingBecomes,
  mount,
  root,
  screenText,
  text,
} from './support/dom.js';
import { consent, pinRegister, pinResult } from './support/views.js';

describe('step 5 registration result', () => {
  let server: FakeFlowServer;

  it('shows 以下の内容で照会用暗証番号を登録しました。, the table with ****, the 「*」 note and both buttons', async () => {
    server = new FakeFlowServer(pinResult);
    const el = await mount(server);
    expect(text(root(el).querySelector('h2'))).to.equal('照会用暗証番号登録結果');
    expect(screenText(el)).to.include('以下の内容で照会用暗証番号を登録しました。');
    const rows = [...root(el).querySelectorAll('tbody tr')].map((row) =>
      [...row.children].map((cell) => text(cell)),
    );
    expect(rows[0]).to.deep.equal([
      '登録済み*',
      'インターネット支店 (001) 普通 2000002',
      '口座メモ5678901234567890',
      '****',
    ]);
    expect(rows[1]).to.deep.equal(['未登録', 'インターネット支店 (202) 普通 1111111', '-', '-']);
    expect(screenText(el)).to.include(
      '※登録状態欄に「*」が表示されている口座の暗証番号は、認可完了後に有効となります。',
    );
    button(el, '確認');
    button(el, '照会用暗証番号の追加登録');
    await expectAccessible(el);
  });

  it('in English: Registration result, Confirm and Register more inquiry PINs', async () => {
    server = new FakeFlowServer(pinResult);
    const el = await mount(server, { lang: 'en' });
    expect(text(root(el).querySelector('h2'))).to.equal('Registration result');
    expect(screenText(el)).to.include('The inquiry PINs below have been registered.');
    button(el, 'Confirm');
    button(el, 'Register more inquiry PINs');
    await expectAccessible(el);
  });

  it('hides 照会用暗証番号の追加登録 when nothing is left to register', async () => {
    server = new FakeFlowServer({ ...pinResult, canAddMore: false } as typeof pinResult);
    const el = await mount(server);
    expect(() => button(el, '照会用暗証番号の追加登録')).to.throw();
  });

  it('確認 posts /flow/pins/confirm and goes on to the permission step', async () => {
    server = new FakeFlowServer(pinResult).on('POST /flow/pins/confirm', view(consent));
    const el = await mount(server);
    button(el, '確認').click();
    await headingBecomes(el, '情報アクセス許可');
    expect(server.last).to.deep.include({ path: '/flow/pins/confirm', body: {} });
  });

  it('照会用暗証番号の追加登録 posts /flow/pins/add-more and shows the registration table again', async () => {
    server = new FakeFlowServer(pinResult).on('POST /flow/pins/add-more', view(pinRegister));
    const el = await mount(server);
    button(el, '照会用暗証番号の追加登録').click();
    await headingBecomes(el, '照会用暗証番号登録');
    expect(server.last).to.deep.include({ path: '/flow/pins/add-more', body: {} });
  });
});
