import { expect } from '@open-wc/testing';
import type { FlowView } from '../../server/flow/types.js';
import { FakeFlowServer } from './support/fake-flow.js';
import { expectAccessible, labelledBy, mount, root, type Widget } from './support/dom.js';
import { setViewport } from './support/viewport.js';
import {
  additionalAuth,
  certificateOrPasswordLogin,
  consent,
  pinRegister,
  pinResult,
  scopeSelect,
} from './support/views.js';

// Phone-first (README, "Phones"): where the widget has 30rem or less, each PIN table row is a
// card. The layout follows the widget's own width (a container query), so a widget 320 px wide
// is what a 320 px phone shows, in every engine, WebKitGTK's 447 px-wide window included.

async function atWidth(view: FlowView, width: number): Promise<Widget> {
  const el = await mount(new FakeFlowServer(view));
  el.style.width = `${width}px`;
  await el.updateComplete;
  return el;
}

const rect = (element: Element) => element.getBoundingClientRect();

/** Each body row's cells, as the customer sees them: the account (th) first, then the others. */
function cards(el: Widget) {
  return [...root(el).querySelectorAll('tbody tr')].map((row) => ({
    row,
    account: row.querySelector('th')!,
    labelled: [...row.querySelectorAll<HTMLElement>('td[data-label]')],
  }));
}

function expectStackedCards(el: Widget) {
  const rows = cards(el);
  expect(rows.length).to.be.greaterThan(0);
  for (const { row, account, labelled } of rows) {
    const card = rect(row);
    // One card per account: its title on top, every other cell under it, one per line,
    // each starting at the card's left and none wider than the card.
    let bottom = rect(account).bottom;
    for (const cell of labelled) {
      const box = rect(cell);
      expect(box.top, cell.dataset.label).to.be.at.least(bottom - 0.5);
      expect(box.left - card.left, cell.dataset.label).to.be.below(16);
      expect(box.right, cell.dataset.label).to.be.at.most(card.right + 0.5);
      bottom = box.bottom;
    }
  }
  const table = root(el).querySelector('.table')!;
  expect(table.scrollWidth).to.be.at.most(table.clientWidth);
}

describe('phone-first layout', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('at 320 px the PIN table is one stacked card per account, under the column headings, with 44 px targets', async () => {
    const el = await atWidth(pinRegister, 320);
    expectStackedCards(el);
    const [first] = cards(el);
    expect(first.labelled.map((cell) => cell.dataset.label)).to.deep.equal([
      '登録状況',
      '口座メモ',
      '照会用暗証番号（現在）',
    ]);
    // The column headings are hidden from sight only: they still name the PIN fields.
    expect(rect(root(el).querySelector('#pin-header')!).width).to.be.at.most(1);
    for (const control of root(el).querySelectorAll<HTMLElement>(
      'table input[type=checkbox], table [part~=input]',
    )) {
      const { width, height } = rect(control);
      expect(Math.min(width, height), control.outerHTML).to.be.at.least(44);
    }
    await expectAccessible(el);
  });

  it('the cards keep the table’s accessible names for every checkbox and PIN field', async () => {
    const names = (el: Widget) =>
      [...root(el).querySelectorAll('table input')].map((input) =>
        input.closest('thead') ? 'all' : labelledBy(input),
      );
    const wide = names(await atWidth(pinRegister, 700));
    const narrow = names(await atWidth(pinRegister, 320));
    expect(narrow).to.deep.equal(wide);
    expect(narrow).to.include('照会用暗証番号（現在） インターネット支店 (001) 普通 2000002');
    expect(narrow).to.include('インターネット支店 (001) 普通 2000002');
  });

  it('at 320 px the registration result is stacked cards too', async () => {
    const el = await atWidth(pinResult, 320);
    expectStackedCards(el);
    expect(cards(el)[0].labelled.map((cell) => cell.dataset.label)).to.deep.equal([
      '登録状態',
      '口座メモ',
      '照会用暗証番号（現在）',
    ]);
    await expectAccessible(el);
  });

  it('with room for it (700 px) the PIN table stays a table', async () => {
    const el = await atWidth(pinRegister, 700);
    const row = root(el).querySelector('tbody tr')!;
    expect(getComputedStyle(row).display).to.equal('table-row');
  });

  it('at 200 % zoom (640 CSS px of a 1280 px screen) no step scrolls sideways', async () => {
    const size = await setViewport({ width: 640, height: 800 });
    expect(size.width).to.equal(640);
    const steps = [
      certificateOrPasswordLogin,
      additionalAuth,
      scopeSelect,
      pinRegister,
      pinResult,
      consent,
    ];
    for (const view of steps) {
      for (const lang of ['ja', 'en']) {
        const server = new FakeFlowServer(view);
        await mount(server, { lang });
        expect(document.documentElement.scrollWidth, `${view.name} ${lang}`).to.be.at.most(640);
        server.restore();
      }
    }
  });
});
