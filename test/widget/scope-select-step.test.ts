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
  text,
  until,
} from './support/dom.js';
import { pinRegister, scopeSelect } from './support/views.js';

describe('step 3 service selection', () => {
  let server: FakeFlowServer;

  it('shows a checkbox per offered service 「残高照会」「入出金明細照会」 under 利用業務を選択, and 次へ', async () => {
    server = new FakeFlowServer(scopeSelect);
    const el = await mount(server);
    expect(text(root(el).querySelector('h2'))).to.equal('認可業務選択');
    expect(text(root(el).querySelector('legend'))).to.equal('利用業務を選択');
    expect(field(el, '残高照会').type).to.equal('checkbox');
    expect(field(el, '入出金明細照会').type).to.equal('checkbox');
    button(el, '次へ');
    await expectAccessible(el);
  });

  it('in English: Select services, Choose the services to allow, Balance inquiry, Next', async () => {
    server = new FakeFlowServer(scopeSelect);
    const el = await mount(server, { lang: 'en' });
    expect(text(root(el).querySelector('h2'))).to.equal('Select services');
    expect(text(root(el).querySelector('legend'))).to.equal('Choose the services to allow');
    field(el, 'Balance inquiry');
    field(el, 'Transaction history inquiry');
    button(el, 'Next');
    await expectAccessible(el);
  });

  it('enables 次へ only while at least one service is chosen', async () => {
    server = new FakeFlowServer(scopeSelect);
    const el = await mount(server);
    expect(button(el, '次へ').disabled).to.equal(true);
    await check(field(el, '入出金明細照会'));
    await el.updateComplete;
    await until(() => !button(el, '次へ').disabled, 'enabled');
    await check(field(el, '入出金明細照会'), false);
    await until(() => button(el, '次へ').disabled, 'disabled again');
  });

  it('submits the names of the chosen services', async () => {
    server = new FakeFlowServer(scopeSelect).on('POST /flow/scopes', view(pinRegister));
    const el = await mount(server);
    await check(field(el, '入出金明細照会'));
    await until(() => !button(el, '次へ').disabled, 'enabled');
    button(el, '次へ').click();
    await headingBecomes(el, '照会用暗証番号登録');
    expect(server.last).to.deep.include({
      path: '/flow/scopes',
      body: { scopes: ['transactions'] },
    });
  });

  it('shows the server refusal scope_required and invalid_scope tied to the choices', async () => {
    server = new FakeFlowServer(scopeSelect).on(
      'POST /flow/scopes',
      problem(422, 'scope_required'),
      problem(422, 'invalid_scope'),
    );
    const el = await mount(server);
    await check(field(el, '残高照会'));
    await until(() => !button(el, '次へ').disabled, 'enabled');
    button(el, '次へ').click();
    await until(() => errorMessage(el), 'error shown');
    expect(text(errorMessage(el))).to.equal('利用業務を1つ以上選択してください。');
    expect(root(el).querySelector('fieldset')!.getAttribute('aria-describedby')).to.equal(
      'problem',
    );
    button(el, '次へ').click();
    await until(
      () => text(errorMessage(el)) === '選択できない業務が含まれています。',
      'invalid_scope',
    );
  });
});
