import { expect } from '@open-wc/testing';
import { FakeFlowServer, problem, view } from './support/fake-flow.js';
import {
  button,
  errorMessage,
  expectAccessible,
  field,
  headingBecomes,
  mount,
  root,
  text,
  until,
} from './support/dom.js';
import { additionalAuth, scopeSelect } from './support/views.js';

describe('step 2 additional authentication', () => {
  let server: FakeFlowServer;

  it('shows 質問 with the server question, an answer field 回答を入力 and 認証', async () => {
    server = new FakeFlowServer(additionalAuth);
    const el = await mount(server);
    expect(text(root(el).querySelector('h2'))).to.equal('追加認証');
    expect(text(root(el).querySelector('.term'))).to.equal('質問');
    expect(text(root(el).querySelector('#question'))).to.equal('好きな数は？');
    const answer = field(el, '回答を入力');
    expect(answer.getAttribute('aria-describedby')).to.equal('question');
    button(el, '認証');
    await expectAccessible(el);
  });

  it('in English shows the English question with Question, Enter your answer and Verify', async () => {
    server = new FakeFlowServer(additionalAuth);
    const el = await mount(server, { lang: 'en' });
    expect(text(root(el).querySelector('h2'))).to.equal('Additional authentication');
    expect(text(root(el).querySelector('.term'))).to.equal('Question');
    expect(text(root(el).querySelector('#question'))).to.equal('What is your favourite number?');
    field(el, 'Enter your answer');
    button(el, 'Verify');
    await expectAccessible(el);
  });

  it('submits the answer typed', async () => {
    server = new FakeFlowServer(additionalAuth).on('POST /flow/answer', view(scopeSelect));
    const el = await mount(server);
    field(el, '回答を入力').value = '7';
    button(el, '認証').click();
    await headingBecomes(el, '認可業務選択');
    expect(server.last).to.deep.include({
      path: '/flow/answer',
      transaction: 'tx-1',
      body: { answer: '7' },
    });
  });

  it('a wrong answer says how many attempts are left, marks the field and focuses the message', async () => {
    server = new FakeFlowServer(additionalAuth).on(
      'POST /flow/answer',
      problem(401, 'wrong_answer', { attemptsLeft: 2 }),
    );
    const el = await mount(server);
    field(el, '回答を入力').value = '8';
    button(el, '認証').click();
    await until(() => errorMessage(el), 'error shown');
    expect(text(errorMessage(el))).to.equal(
      '回答が正しくありません。あと2回間違えると、この手続きは終了します。',
    );
    const answer = field(el, '回答を入力');
    expect(answer.getAttribute('aria-invalid')).to.equal('true');
    expect(answer.getAttribute('aria-describedby')).to.equal('question problem');
    await until(
      () => root(el).activeElement?.getAttribute('part') === 'error',
      'focus on the error',
    );
    await expectAccessible(el);
  });
});
