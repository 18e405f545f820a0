import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { tracksVisibility, VISIBLE_FOR_MS } from '../../widget/visibility-guard.js';
import { allowState, bank, inBankPage, tickConfirmation } from './support/bank-frame.js';
import { FakeFlowServer } from './support/fake-flow.js';
import { check, field, mount, root, button } from './support/dom.js';
import { consent } from './support/views.js';

// Clickjacking (README, "Clickjacking"): the partner's page frames the bank's, so it could cover
// the frame with bait, or slip it under the customer's pointer just before a click. Inside a
// frame, 許可 counts only once the consent step has been in plain view for VISIBLE_FOR_MS.

/** The bank's page in a frame of this (the partner's) page, with a cover the test may show. */
async function framedBankPage() {
  const box = await fixture<HTMLDivElement>(html`
    <div style="position: relative; width: 600px; height: 500px">
      <iframe
        title="bank"
        style="width: 600px; height: 500px; border: 0"
        src=${`${bank}/authorize?client_id=demo&request_uri=urn:test:before-consent`}
      ></iframe>
      <div hidden style="position: absolute; inset: 0; background: #fff; pointer-events: none">
        bait
      </div>
    </div>
  `);
  await waitUntil(
    async () =>
      (await inBankPage(
        `!!document.querySelector('api-link-auth-flow')?.shadowRoot?.querySelector('h2')`,
      ).catch(() => false)) === true,
    'bank page ready',
    { timeout: 8000 },
  );
  return { cover: box.querySelector<HTMLDivElement>('div')! };
}

/** Presses 確認 in the bank's page, and, as soon as the consent step shows, ticks its box. */
const showConsent = `(async () => {
  const root = document.querySelector('api-link-auth-flow').shadowRoot;
  [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === '確認').click();
  for (let i = 0; i < 200 && root.querySelector('h2')?.textContent.trim() !== '情報アクセス許可'; i += 1)
    await new Promise((resolve) => setTimeout(resolve, 10));
  ${tickConfirmation};
  return ${allowState};
})()`;

const becomesAccepted = () =>
  waitUntil(async () => (await inBankPage(allowState)) === 'accepted', '許可 accepted', {
    timeout: 5 * VISIBLE_FOR_MS,
  });

describe('consent inside a frame: clickjacking', () => {
  it('names the framing partner origin the bank rendered on the consent step', async () => {
    await framedBankPage();
    await inBankPage(showConsent);
    const said = await inBankPage(
      `document.querySelector('api-link-auth-flow').shadowRoot.querySelector('.framed-by')?.textContent.trim()`,
    );
    expect(said).to.equal(`この画面は ${location.origin} のページ内に表示されています。`);
  });

  it('a frame just shown cannot 許可, and can once it has stayed in view a moment', async () => {
    await framedBankPage();
    expect(await inBankPage(showConsent)).to.equal('refused');
    await becomesAccepted();
  });

  it('a covered frame cannot 許可 while covered where the engine tracks visibility (IntersectionObserver v2); elsewhere only the delay guards it', async () => {
    const { cover } = await framedBankPage();
    cover.hidden = false;
    expect(await inBankPage(showConsent)).to.equal('refused');
    // Well past the delay: whatever was going to settle has settled.
    await new Promise((resolve) => setTimeout(resolve, 3 * VISIBLE_FOR_MS));
    if (tracksVisibility()) {
      expect(await inBankPage(allowState)).to.equal('refused');
      cover.hidden = true;
      await becomesAccepted();
    } else {
      // Without v2 an engine cannot tell a covered frame from a visible one (README).
      expect(await inBankPage(allowState)).to.equal('accepted');
    }
  });

  it('on a top-level page nobody frames it: 許可 at once, and no framing origin named', async () => {
    const el = await mount(new FakeFlowServer(consent), { partnerOrigin: 'https://p.example' });
    await check(field(el, '認可手続きを継続する'));
    await el.updateComplete;
    expect(button(el, '許可').disabled).to.equal(false);
    expect(root(el).querySelector('.framed-by')).to.equal(null);
  });
});
