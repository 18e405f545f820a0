import { expect, fixtureCleanup } from '@open-wc/testing';
import { setViewport } from './support/viewport.js';
import type { FlowView } from '../../server/flow/types.js';
import { FakeFlowServer } from './support/fake-flow.js';
import { button, mount, root, text } from './support/dom.js';
import { mountInFrame } from './support/narrow-frame.js';
import {
  additionalAuth,
  certificateOrPasswordLogin,
  consent,
  pinRegister,
  pinResult,
  scopeSelect,
} from './support/views.js';

const steps: FlowView[] = [
  certificateOrPasswordLogin,
  additionalAuth,
  scopeSelect,
  pinRegister,
  pinResult,
  consent,
];

describe('theming and layout', () => {
  let server: FakeFlowServer;
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('takes its colours from --api-link-auth-* custom properties', async () => {
    server = new FakeFlowServer(certificateOrPasswordLogin);
    const el = await mount(server);
    el.style.setProperty('--api-link-auth-color-primary', 'rgb(1, 2, 3)');
    el.style.setProperty('--api-link-auth-color-on-primary', 'rgb(250, 250, 250)');
    const primary = getComputedStyle(button(el, 'API連携'));
    expect(primary.backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(primary.color).to.equal('rgb(250, 250, 250)');
    expect(getComputedStyle(button(el, '電子証明書ログイン')).borderTopColor).to.equal(
      'rgb(1, 2, 3)',
    );
  });

  it('exposes the documented parts', async () => {
    server = new FakeFlowServer(pinRegister);
    const el = await mount(server);
    for (const part of [
      'container',
      'header',
      'progress',
      'heading',
      'input',
      'button',
      'primary',
      'table',
    ]) {
      expect(root(el).querySelector(`[part~=${part}]`), part).to.not.equal(null);
    }
  });

  it('shows the bank logo given in the logo slot', async () => {
    server = new FakeFlowServer(certificateOrPasswordLogin);
    const el = await mount(server);
    const logo = document.createElement('img');
    logo.slot = 'logo';
    logo.alt = 'デモ信用組合';
    el.append(logo);
    const slot = root(el).querySelector<HTMLSlotElement>('slot[name=logo]')!;
    expect(slot.assignedElements()).to.deep.equal([logo]);
  });

  it('marks the current stage in the step indicator', async () => {
    const current = async (view: FlowView) => {
      server = new FakeFlowServer(view);
      const el = await mount(server);
      const marked = text(root(el).querySelector('[part~=progress] [aria-current=step]'));
      fixtureCleanup();
      return marked;
    };
    expect(await current(certificateOrPasswordLogin)).to.equal('ログイン');
    expect(await current(additionalAuth)).to.equal('ログイン');
    expect(await current(scopeSelect)).to.equal('認可業務選択');
    expect(await current(pinResult)).to.equal('照会用暗証番号');
    expect(await current(consent)).to.equal('情報アクセス許可');
  });

  it('reflows at 320 CSS px (WCAG 1.4.10; 400 % zoom of 1280 px): no step scrolls sideways', async () => {
    // In a frame 320 px wide: MiniBrowser (WebKitGTK) cannot make its window that narrow. Tall
    // enough for every step, so that no vertical scrollbar (Firefox draws one) takes width.
    for (const view of steps) {
      for (const lang of ['ja', 'en']) {
        server = new FakeFlowServer(view);
        const { el, page, remove } = await mountInFrame(server, { width: 320, height: 3000, lang });
        expect(page.documentElement.clientWidth, 'the frame’s viewport').to.equal(320);
        expect(page.documentElement.scrollWidth, `${view.name} ${lang}`).to.be.at.most(320);
        const table = root(el).querySelector('.table');
        if (table)
          expect(table.scrollWidth, `${view.name} ${lang} table`).to.be.at.most(table.clientWidth);
        remove();
      }
    }
  });

  it('keeps 44 px targets for its buttons and text fields', async () => {
    server = new FakeFlowServer(certificateOrPasswordLogin);
    const el = await mount(server);
    for (const control of root(el).querySelectorAll<HTMLElement>('button, [part~=input]')) {
      expect(control.getBoundingClientRect().height, control.outerHTML).to.be.at.least(44);
    }
  });
});
