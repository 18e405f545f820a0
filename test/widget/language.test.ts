import { expect } from '@open-wc/testing';
import { FakeFlowServer } from './support/fake-flow.js';
import { button, field, headingBecomes, mount, root, text, until } from './support/dom.js';
import { passwordLogin } from './support/views.js';

describe('language', () => {
  let server: FakeFlowServer;
  const pageLang = document.documentElement.lang;
  afterEach(() => {
    document.documentElement.lang = pageLang;
  });

  it('defaults to the page language when the element has no lang', async () => {
    document.documentElement.lang = 'en-GB';
    server = new FakeFlowServer(passwordLogin);
    const el = await mount(server, { lang: null });
    expect(text(root(el).querySelector('h2'))).to.equal('Log in');
    expect(root(el).querySelector('[part~=container]')!.getAttribute('lang')).to.equal('en');
  });

  it('is Japanese, the seed language, for a Japanese page or any other language', async () => {
    document.documentElement.lang = 'fr';
    server = new FakeFlowServer(passwordLogin);
    const el = await mount(server, { lang: null });
    expect(text(root(el).querySelector('h2'))).to.equal('ログイン');
  });

  it('follows a change of the lang attribute and keeps what was typed', async () => {
    server = new FakeFlowServer(passwordLogin);
    const el = await mount(server);
    field(el, 'ログインID').value = 'user01';
    el.setAttribute('lang', 'en');
    await headingBecomes(el, 'Log in');
    expect(field(el, 'Login ID').value).to.equal('user01');
    el.setAttribute('lang', 'ja');
    await headingBecomes(el, 'ログイン');
  });

  it('offers the customer a switch to the other language, named in that language', async () => {
    server = new FakeFlowServer(passwordLogin);
    const el = await mount(server);
    const toEnglish = button(el, 'English');
    expect(toEnglish.lang).to.equal('en');
    toEnglish.click();
    await headingBecomes(el, 'Log in');
    expect(el.lang).to.equal('en');
    await until(() => button(el, '日本語').lang === 'ja', 'switch back offered');
  });
});
