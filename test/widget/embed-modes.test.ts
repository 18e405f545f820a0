import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../widget/api-link-auth-embed.js';
import type { ApiLinkAuthEmbed } from '../../widget/api-link-auth-embed.js';
import { bank, inBankPage, pressAllow } from './support/bank-frame.js';
import { setViewport } from './support/viewport.js';

// The embed's other modes (README, "Which mode"): a popup window when a frame cannot be used, a
// blocked popup reported so the partner can fall back to a redirect of the whole page.

async function partnerPage(mode: string) {
  const page = await fixture<HTMLDivElement>(
    html`<div>
      <button id="connect">連携する</button>
      <api-link-auth
        server=${bank}
        client-id="demo-partner"
        request-uri="urn:test:consent"
        mode=${mode}
      ></api-link-auth>
    </div>`,
  );
  const embed = page.querySelector('api-link-auth')! as ApiLinkAuthEmbed;
  const opener = page.querySelector<HTMLButtonElement>('#connect')!;
  opener.addEventListener('click', () => embed.open());
  const heard: [string, unknown][] = [];
  for (const name of ['ready', 'step', 'complete', 'cancel', 'error']) {
    page.addEventListener(`api-link-auth-${name}`, (event) =>
      heard.push([event.type, (event as CustomEvent).detail]),
    );
  }
  const dialog = embed.shadowRoot!.querySelector('dialog')!;
  const frame = embed.shadowRoot!.querySelector('iframe')!;
  return { embed, opener, heard, dialog, frame };
}

/** The customer presses the partner's button: a user action, which a browser lets open a window. */
async function openByKeyboard(opener: HTMLButtonElement) {
  opener.focus();
  await sendKeys({ press: 'Enter' });
}

const popupOpen = async () =>
  (
    await executeServerCommand<{ found: boolean }, object>('run-in-frame', {
      url: `${bank}/authorize`,
      script: 'true',
      popup: true,
    })
  ).found;

describe('partner-side embed: popup and redirect modes', () => {
  afterEach(async () => {
    if (await popupOpen()) await inBankPage('window.close()', { popup: true });
  });

  it("popup mode opens the bank's page in a window whose messages reach the partner; complete closes it", async () => {
    const { opener, heard, dialog } = await partnerPage('popup');
    await openByKeyboard(opener);
    expect(dialog.open).to.equal(false);
    await waitUntil(() => heard.length >= 2, 'bank page ready', { timeout: 8000 });
    expect(heard).to.deep.equal([
      ['api-link-auth-ready', {}],
      ['api-link-auth-step', { view: 'consent' }],
    ]);
    await inBankPage(pressAllow, { popup: true });
    await waitUntil(() => heard.length === 4, 'completed', { timeout: 5000 });
    expect(heard.slice(2)).to.deep.equal([
      ['api-link-auth-step', { view: 'complete' }],
      ['api-link-auth-complete', { code: 'code-123', state: 'state-abc', iss: bank }],
    ]);
    await waitUntil(async () => !(await popupOpen()), 'popup closed', { timeout: 5000 });
  });

  it('popup mode accepts a message only from the bank origin AND the popup', async () => {
    const { opener, heard, frame } = await partnerPage('popup');
    await openByKeyboard(opener);
    await waitUntil(() => heard.length >= 2, 'bank page ready', { timeout: 8000 });
    const complete = {
      source: 'api-link-auth',
      version: 1,
      type: 'complete',
      detail: { code: 'c' },
    };
    for (const source of [window, frame.contentWindow]) {
      window.dispatchEvent(new MessageEvent('message', { data: complete, origin: bank, source }));
    }
    expect(heard.length).to.equal(2);
  });

  it('the customer closing the popup reaches the partner as cancel with reason closed', async () => {
    const { opener, heard } = await partnerPage('popup');
    await openByKeyboard(opener);
    await waitUntil(() => heard.length >= 2, 'bank page ready', { timeout: 8000 });
    await inBankPage('window.close()', { popup: true });
    await waitUntil(() => heard.length === 3, 'cancelled', { timeout: 5000 });
    expect(heard[2]).to.deep.equal(['api-link-auth-cancel', { reason: 'closed' }]);
  });

  it("a blocked popup fires api-link-auth-error popup_blocked; redirect mode then takes the page to the bank's /authorize", async () => {
    // A frame sandboxed without allow-popups: every engine refuses window.open there.
    const frame = await fixture<HTMLIFrameElement>(
      html`<iframe
        sandbox="allow-scripts allow-same-origin"
        srcdoc=${`<script type="module" src="/widget/api-link-auth-embed.ts"></script>
          <api-link-auth server="${location.origin}" client-id="demo-partner" request-uri="urn:test:redirect" mode="popup"></api-link-auth>`}
      ></iframe>`,
    );
    const partner = frame.contentWindow!;
    await waitUntil(() => partner.customElements?.get('api-link-auth'), 'embed defined', {
      timeout: 8000,
    });
    const embed = frame.contentDocument!.querySelector('api-link-auth')! as ApiLinkAuthEmbed;
    const errors: unknown[] = [];
    embed.addEventListener('api-link-auth-error', (event) => {
      errors.push(event.detail);
      embed.setAttribute('mode', 'redirect');
      embed.open();
    });
    embed.open();
    expect(errors).to.deep.equal([{ code: 'popup_blocked' }]);
    await waitUntil(() => partner.location.pathname === '/authorize', 'redirected', {
      timeout: 8000,
    });
    expect(partner.location.href).to.equal(
      `${location.origin}/authorize?client_id=demo-partner&request_uri=urn%3Atest%3Aredirect`,
    );
  });

  it('on a narrow screen (≤ 480 px) the modal fills the viewport', async () => {
    // 460 px: narrow, and within what WebKitGTK's MiniBrowser window can be (≥ 447 px).
    const size = await setViewport({ width: 460, height: 800 });
    try {
      const { embed, dialog } = await partnerPage('modal');
      embed.open();
      const box = () => {
        const { left, top, width, height } = dialog.getBoundingClientRect();
        return JSON.stringify([left, top, width, height]);
      };
      const whole = JSON.stringify([0, 0, size.width, size.height]);
      await waitUntil(() => box() === whole, `the whole viewport ${whole}, got ${box()}`);
      embed.close();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });
});
