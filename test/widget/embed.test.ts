import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../widget/api-link-auth-embed.js';
import type { ApiLinkAuthEmbed } from '../../widget/api-link-auth-embed.js';
import { deepActiveElement } from './support/active-element.js';

// The test page is the partner (http://localhost:PORT); the bank is another origin,
// http://127.0.0.1:PORT, served by bank-page-plugin.mjs.
const bank = `http://127.0.0.1:${location.port}`;

const names = [
  'api-link-auth-ready',
  'api-link-auth-step',
  'api-link-auth-complete',
  'api-link-auth-cancel',
  'api-link-auth-error',
];

async function partnerPage(requestUri = 'urn:test:consent') {
  const page = await fixture<HTMLDivElement>(
    html`<div>
      <button id="connect">連携する</button>
      <api-link-auth
        server=${bank}
        client-id="demo-partner"
        request-uri=${requestUri}
      ></api-link-auth>
    </div>`,
  );
  const embed = page.querySelector('api-link-auth')! as ApiLinkAuthEmbed;
  const opener = page.querySelector<HTMLButtonElement>('#connect')!;
  opener.addEventListener('click', () => embed.open());
  const heard: [string, unknown][] = [];
  for (const name of names) {
    page.addEventListener(name, (event) => heard.push([event.type, (event as CustomEvent).detail]));
  }
  const dialog = embed.shadowRoot!.querySelector('dialog')!;
  const frame = embed.shadowRoot!.querySelector('iframe')!;
  return { embed, opener, heard, dialog, frame };
}

/** What the partner heard, less ready and step: the bank page may or may not have loaded yet. */
const endings = (heard: [string, unknown][]) =>
  heard.filter(([name]) => name !== 'api-link-auth-ready' && name !== 'api-link-auth-step');

/** Opens the modal the way a customer does: focus the partner's button, press Enter. */
async function openByKeyboard(opener: HTMLButtonElement) {
  opener.focus();
  await sendKeys({ press: 'Enter' });
}

const message = (type: string, detail: object, extra: object = {}) => ({
  source: 'api-link-auth',
  version: 1,
  type,
  detail,
  ...extra,
});

function deliver(data: unknown, origin: string, source: MessageEventSource | null) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
}

/** Acts in the bank's frame the way the customer would there (it is cross-origin to this page). */
async function inBankFrame(script: string): Promise<unknown> {
  const result = await executeServerCommand<{ found: boolean; value?: unknown }, object>(
    'run-in-frame',
    {
      url: `${bank}/authorize`,
      script,
    },
  );
  if (!result.found) throw new Error('the bank frame is not there');
  return result.value;
}

const pressInBank = (label: string) => `(async () => {
  const root = document.querySelector('api-link-auth-flow').shadowRoot;
  const box = [...root.querySelectorAll('label')].find((l) => l.textContent.trim() === '認可手続きを継続する');
  if (${JSON.stringify(label)} === '許可') box.control.click();
  const target = [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(label)});
  // Framed, 許可 takes presses once the page has been in view a moment (visibility-guard.ts).
  for (let i = 0; i < 100 && target.disabled; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  target.click();
})()`;

describe('partner-side embed', () => {
  afterEach(() => fixtureCleanup());

  it("open() shows a modal dialog framing the bank's /authorize page for the client and request", async () => {
    const { embed, dialog, frame } = await partnerPage();
    embed.open();
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    expect(frame.src).to.equal(
      `${bank}/authorize?client_id=demo-partner&request_uri=urn%3Atest%3Aconsent`,
    );
    expect(frame.title).to.equal('API連携認証');
    expect(dialog.getAttribute('aria-label')).to.equal('API連携認証');
    embed.close();
  });

  it("gives the bank's frame focus when it opens, so the customer's keys reach the bank's page", async () => {
    const { opener, embed, frame } = await partnerPage();
    await openByKeyboard(opener);
    expect(embed.shadowRoot!.activeElement).to.equal(frame);
    embed.close();
  });

  it('asks the bank for English (ui_locales=en) when the partner page is in English', async () => {
    const { embed, frame } = await partnerPage();
    embed.parentElement!.lang = 'en';
    embed.open();
    expect(new URL(frame.src).searchParams.get('ui_locales')).to.equal('en');
    expect(frame.title).to.equal('API connection authorization');
    embed.close();
  });

  it('accepts a message only from the bank origin AND the frame it opened', async () => {
    const { embed, heard, frame } = await partnerPage();
    embed.open();
    const complete = message('complete', { code: 'c', state: 's', iss: bank });
    deliver(complete, bank, window); // the bank's origin, but another window
    deliver(complete, location.origin, frame.contentWindow); // the frame, but another origin
    deliver(complete, 'https://evil.example', frame.contentWindow);
    deliver(message('complete', { code: 'c' }, { version: 2 }), bank, frame.contentWindow);
    deliver({ ...complete, source: 'someone-else' }, bank, frame.contentWindow);
    deliver('complete', bank, frame.contentWindow);
    expect(heard).to.deep.equal([]);
    deliver(complete, bank, frame.contentWindow);
    expect(heard).to.deep.equal([['api-link-auth-complete', { code: 'c', state: 's', iss: bank }]]);
  });

  it('passes on only the known string fields of a message, and closes on complete', async () => {
    const { embed, heard, dialog, frame } = await partnerPage();
    embed.open();
    deliver(message('step', { view: 'login', accounts: ['x'] }), bank, frame.contentWindow);
    deliver(
      message('complete', { code: 'c', state: 's', iss: bank, loginId: 'user01', extra: 1 }),
      bank,
      frame.contentWindow,
    );
    expect(heard).to.deep.equal([
      ['api-link-auth-step', { view: 'login' }],
      ['api-link-auth-complete', { code: 'c', state: 's', iss: bank }],
    ]);
    expect(dialog.open).to.equal(false);
  });

  it('the × button cancels (reason closed) and returns focus to the opener', async () => {
    const { embed, opener, heard, dialog } = await partnerPage();
    await openByKeyboard(opener);
    expect(dialog.open).to.equal(true);
    const close = embed.shadowRoot!.querySelector<HTMLButtonElement>('[part=close]')!;
    expect(close.getAttribute('aria-label')).to.equal('閉じる');
    close.focus();
    await sendKeys({ press: 'Enter' });
    expect(dialog.open).to.equal(false);
    expect(endings(heard)).to.deep.equal([['api-link-auth-cancel', { reason: 'closed' }]]);
    expect(deepActiveElement()).to.equal(opener);
  });

  it('Escape cancels and returns focus to the opener', async () => {
    const { embed, opener, heard, dialog } = await partnerPage();
    await openByKeyboard(opener);
    embed.shadowRoot!.querySelector<HTMLButtonElement>('[part=close]')!.focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'closed');
    expect(endings(heard)).to.deep.equal([['api-link-auth-cancel', { reason: 'closed' }]]);
    expect(deepActiveElement()).to.equal(opener);
  });

  it('close() called by the partner closes without an event', async () => {
    const { embed, heard, dialog } = await partnerPage();
    embed.open();
    embed.close();
    expect(dialog.open).to.equal(false);
    expect(heard).to.deep.equal([]);
  });

  it('end to end across origins: ready, step, then complete from the bank page after 許可', async () => {
    const { opener, heard, dialog } = await partnerPage();
    await openByKeyboard(opener);
    await waitUntil(() => heard.length >= 2, 'bank page ready', { timeout: 8000 });
    expect(heard).to.deep.equal([
      ['api-link-auth-ready', {}],
      ['api-link-auth-step', { view: 'consent' }],
    ]);
    await inBankFrame(pressInBank('許可'));
    await waitUntil(() => heard.length === 4, 'completed', { timeout: 5000 });
    expect(heard.slice(2)).to.deep.equal([
      ['api-link-auth-step', { view: 'complete' }],
      ['api-link-auth-complete', { code: 'code-123', state: 'state-abc', iss: bank }],
    ]);
    expect(dialog.open).to.equal(false);
    expect(deepActiveElement()).to.equal(opener);
  });

  it('end to end: 拒否 on the bank page reaches the partner as cancel with reason denied', async () => {
    const { embed, heard } = await partnerPage();
    embed.open();
    await waitUntil(() => heard.length >= 2, 'bank page ready', { timeout: 8000 });
    await inBankFrame(pressInBank('拒否'));
    await waitUntil(() => heard.length === 4, 'denied', { timeout: 5000 });
    expect(heard[3]).to.deep.equal([
      'api-link-auth-cancel',
      { reason: 'denied', state: 'state-abc', iss: bank },
    ]);
  });

  it('end to end: Escape inside the bank frame cancels the modal too', async () => {
    const { opener, heard, dialog } = await partnerPage();
    await openByKeyboard(opener);
    await waitUntil(() => heard.length >= 2, 'bank page ready', { timeout: 8000 });
    await inBankFrame(
      `document.querySelector('api-link-auth-flow').shadowRoot.querySelector('h2').focus()`,
    );
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'closed', { timeout: 5000 });
    expect(heard.at(-1)).to.deep.equal(['api-link-auth-cancel', { reason: 'closed' }]);
  });

  it('end to end: an expired session offers 最初からやり直す, which reports the error to the partner', async () => {
    const { embed, heard, dialog } = await partnerPage('urn:test:expired');
    embed.open();
    await waitUntil(() => heard.length >= 2, 'bank page ready', { timeout: 8000 });
    await inBankFrame(`(async () => {
      const root = document.querySelector('api-link-auth-flow').shadowRoot;
      root.querySelector('#loginId').value = 'user01';
      root.querySelector('#password').value = 'secret-pass';
      [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === 'API連携').click();
      for (let i = 0; i < 100 && !root.querySelector('#problem'); i += 1) await new Promise((r) => setTimeout(r, 20));
      [...root.querySelectorAll('button')].find((b) => b.textContent.trim() === '最初からやり直す').click();
    })()`);
    await waitUntil(() => !dialog.open, 'closed', { timeout: 5000 });
    expect(heard.at(-1)).to.deep.equal(['api-link-auth-error', { code: 'transaction_expired' }]);
  });

  it("the bank page posts only to the partner's registered origin", async () => {
    const heard: unknown[] = [];
    const listener = (event: MessageEvent) => heard.push(event.data);
    window.addEventListener('message', listener);
    const frame = await fixture<HTMLIFrameElement>(
      html`<iframe
        src=${`${bank}/authorize?client_id=demo&request_uri=urn:test:consent&partner=https://other.example`}
      ></iframe>`,
    );
    try {
      await waitUntil(
        async () =>
          (await inBankFrame(
            `!!document.querySelector('api-link-auth-flow')?.shadowRoot?.querySelector('h2')`,
          ).catch(() => false)) === true,
        'bank page ready',
        { timeout: 8000 },
      );
      await inBankFrame(pressInBank('許可'));
      await waitUntil(
        async () =>
          (await inBankFrame(
            `document.querySelector('api-link-auth-flow').shadowRoot.querySelector('h2').textContent.trim()`,
          )) === '遷移元のAPI連携先画面に遷移します。',
        'bank page completed',
        { timeout: 5000 },
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).to.deep.equal([]);
    } finally {
      window.removeEventListener('message', listener);
      frame.remove();
    }
  });
});
