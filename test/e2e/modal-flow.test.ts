import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from './driver.js';
import { bankFrame, forEachEngine, logIn, PARTNER, screenshot } from './harness.js';

/** The grant the partner's backend linked last, asked with the page's own session cookie. */
const linkedOn = (page: Page) =>
  page.evaluate<{ clientId: string; tokenType: string }>(
    `fetch('/api/linked').then((response) => response.json()).then((linked) => linked.grants[0])`,
  );

forEachEngine('the partner modal, as a customer uses it (issue 4)', (browser, _engine, demo) => {
  async function openModal(buttonName = '銀行口座を連携する'): Promise<Page> {
    const page = await browser().newPage({ width: 900, height: 1000 });
    await page.goto(PARTNER);
    await page.getByRole('button', { name: buttonName }).click();
    await bankFrame(page).getByRole('heading', { name: 'ログイン' }).waitFor();
    return page;
  }

  test("on a phone (375 px): the modal fills the screen, no step scrolls sideways, the PIN tables are cards — the README's phone screenshots", async () => {
    const page = await browser().newPage({ width: 375, height: 812 });
    await page.goto(PARTNER);
    await page.getByRole('button', { name: '銀行口座を連携する' }).click();
    const frame = bankFrame(page);
    await frame.getByRole('heading', { name: 'ログイン' }).waitFor();
    // WebKitGTK's window is never narrower than 447 px: still a phone's width (≤ 480 px).
    await page.waitForValue(
      `(() => {
        const box = document.querySelector('api-link-auth').shadowRoot.querySelector('dialog').getBoundingClientRect();
        // Rounded: WebKitGTK lays the 447 px out as 446.98.
        const edges = [box.left, box.top, box.width, box.height].map(Math.round);
        return edges.join() === [0, 0, innerWidth, innerHeight].join();
      })()`,
      true,
    );
    const fits = () =>
      frame.waitForValue('document.documentElement.scrollWidth <= innerWidth', true);
    const cards = () =>
      frame.waitForValue(
        `getComputedStyle(document.querySelector('api-link-auth-flow').shadowRoot.querySelector('tbody tr')).display`,
        'grid',
      );
    await fits();
    await screenshot(page, 'phone-1-login');
    await logIn(frame, 'demo-risk');
    await frame.getByText('好きな数へ入力？').waitFor();
    await fits();
    await screenshot(page, 'phone-2-additional-auth');
    await frame.getByLabel('回答を入力').fill('7');
    await frame.getByRole('button', { name: '認証' }).click();

    await frame.getByRole('heading', { name: '認可業務選択' }).waitFor();
    await frame.getByRole('checkbox', { name: '残高照会' }).check();
    await fits();
    await screenshot(page, 'phone-3-scope-select');
    await frame.getByRole('button', { name: '次へ' }).click();

    await frame.getByRole('heading', { name: '照会用暗証番号登録' }).waitFor();
    await cards();
    await frame.getByRole('checkbox', { name: /2000002/ }).check();
    await frame.getByRole('textbox', { name: /2000002/ }).fill('1234');
    await fits();
    await screenshot(page, 'phone-4-pin-register');
    await frame.getByRole('button', { name: '登録' }).click();

    await frame.getByText('以下の内容で照会用暗証番号を登録しました。').waitFor();
    await cards();
    await fits();
    await screenshot(page, 'phone-5-pin-result');
    await frame.getByRole('button', { name: '確認' }).click();

    await frame.getByRole('heading', { name: '情報アクセス許可' }).waitFor();
    await frame.getByText(`この画面は ${PARTNER} のページ内に表示されています。`).waitFor();
    await fits();
    await screenshot(page, 'phone-6-consent');
    // 拒否 commits nothing this flow staged: the tests below find the demo's accounts as seeded.
    await frame.getByRole('button', { name: '拒否' }).click();
    await page.waitForValue(
      `document.querySelector('api-link-auth').shadowRoot.querySelector('dialog').open`,
      false,
    );
    await page.close();
  });

  test('demo: services, PIN registration, result, add more, consent — balances and history shown on the partner page', async () => {
    const page = await openModal();
    const frame = bankFrame(page);
    await screenshot(page, '1-login');
    await logIn(frame, 'demo');

    await frame.getByRole('heading', { name: '認可業務選択' }).waitFor();
    await frame.getByRole('checkbox', { name: '残高照会' }).check();
    await frame.getByRole('checkbox', { name: '入出金明細照会' }).check();
    await screenshot(page, '3-scope-select');
    await frame.getByRole('button', { name: '次へ' }).click();

    await frame.getByRole('heading', { name: '照会用暗証番号登録' }).waitFor();
    await frame.getByRole('checkbox', { name: /2000002/ }).check();
    await frame.getByRole('textbox', { name: /2000002/ }).fill('1234');
    await screenshot(page, '4-pin-register');
    await frame.getByRole('button', { name: '登録' }).click();

    await frame.getByText('以下の内容で照会用暗証番号を登録しました。').waitFor();
    await screenshot(page, '5-pin-result');
    await frame.getByRole('button', { name: '照会用暗証番号の追加登録' }).click();
    await frame.getByRole('checkbox', { name: /1000314/ }).check();
    await frame.getByRole('textbox', { name: /1000314/ }).fill('1234');
    await frame.getByRole('button', { name: '登録' }).click();
    await frame.getByRole('button', { name: '確認' }).click();

    await frame.getByRole('heading', { name: '情報アクセス許可' }).waitFor();
    await frame.getByText('かんたん家計簿Pro').first().waitFor();
    const allow = frame.getByRole('button', { name: '許可' });
    assert.equal(await allow.isDisabled(), true);
    await frame.getByRole('checkbox', { name: '認可手続きを継続する' }).check();
    await screenshot(page, '6-consent');
    await allow.click();

    await page.getByText('口座を連携しました。').waitFor();
    await page.getByRole('heading', { name: 'インターネット支店 (001) 普通 2000002' }).waitFor();
    assert.equal(await page.getByText(/^残高 /).count(), 3);
    assert.equal(await page.getByRole('table', { name: '最近の入出金明細' }).count(), 3);
    // The balances above were read with DPoP proofs: the main entry is the FAPI 2.0 partner.
    const linked = await linkedOn(page);
    assert.deepEqual([linked.clientId, linked.tokenType], ['demo-fapi', 'DPoP']);
    await screenshot(page, '7-partner-linked');
    await page.close();
  });

  test("focus goes into the bank's frame, onto the first step's heading, when the modal opens from the keyboard", async () => {
    const page = await browser().newPage({ width: 900, height: 1000 });
    await page.goto(PARTNER);
    await page.evaluate(`document.getElementById('link-modal').focus()`);
    await page.press('Enter');
    const frame = bankFrame(page);
    await frame.getByRole('heading', { name: 'ログイン' }).waitFor();
    // On the partner's page the frame has focus, so the customer's keys go to the bank's page.
    await page.waitForValue(
      `document.querySelector('api-link-auth').shadowRoot.activeElement?.localName ?? ''`,
      'iframe',
    );
    // There, a keyboard or screen-reader user starts at the step's heading. WebKit lets the page
    // focus it only once the customer acts in the cross-origin frame: the first Tab lands there.
    if (page.engine === 'webkit') await page.press('Tab');
    await frame.waitForValue(
      `(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return document.hasFocus() && active?.localName === 'h2' ? active.textContent.trim() : '';
      })()`,
      'ログイン',
    );
    await page.close();
  });

  test("no 'unsafe-inline' on the bank page against injected styles, and the widget renders with nothing of its own refused", async () => {
    const page = await browser().newPage();
    // Where the driver can, records what each frame's CSP refuses, from before the frame's own
    // scripts run (classic WebDriver, WebKit's, cannot).
    const recording = await page.addInitScript(`(() => {
      const refusals = [];
      window.cspRefusals = refusals;
      document.addEventListener('securitypolicyviolation', (event) => {
        refusals.push(event.effectiveDirective + ' ' + event.blockedURI);
      });
    })()`);
    await page.goto(PARTNER);
    await page.getByRole('button', { name: '銀行口座を連携する' }).click();
    const frame = bankFrame(page);
    await frame.getByRole('heading', { name: 'ログイン' }).waitFor();
    // The policy of the frame's page: its URL fetched again, which answers the error page now that
    // the page used up its request_uri, under the same script-src and style-src.
    const policy = (await fetch(await frame.evaluate<string>('location.href'))).headers.get(
      'content-security-policy',
    )!;
    assert.match(policy, /style-src 'self'( 'sha256-[A-Za-z0-9+/]{43}=')+;/);
    assert.doesNotMatch(policy, /unsafe-inline/);
    // Every style sheet of the page and the widget applied: a refused one would be missing, and
    // the hosted page's layout and the widget's own button styles with it.
    const styled = await frame.evaluate<{ sheets: number; button: string }>(`(() => {
      const root = document.querySelector('api-link-auth-flow').shadowRoot;
      const submit = root.querySelector('button[type=submit]');
      return { sheets: document.styleSheets.length + root.adoptedStyleSheets.length, button: getComputedStyle(submit).minHeight };
    })()`);
    assert.ok(styled.sheets >= 2, `style sheets: ${styled.sheets}`);
    assert.equal(styled.button, '44px');
    if (recording) assert.deepEqual(await frame.evaluate('window.cspRefusals'), []);
    await page.close();
  });

  test('demo-quick: a client_secret_basic partner without service selection goes from login straight to PIN registration, and links through the same embedded flow', async () => {
    const page = await openModal('かんたん連携（業務選択なし）');
    const frame = bankFrame(page);
    await logIn(frame, 'demo-cert');
    await frame.getByRole('heading', { name: '照会用暗証番号登録' }).waitFor();
    assert.equal(await frame.getByRole('heading', { name: '認可業務選択' }).count(), 0);
    // 1111111, not 2000002: the refusal test below registers 2000002 for demo-cert.
    await frame.getByRole('checkbox', { name: /1111111/ }).check();
    await frame.getByRole('textbox', { name: /1111111/ }).fill('1234');
    await frame.getByRole('button', { name: '登録' }).click();
    await frame.getByRole('button', { name: '確認' }).click();
    await frame.getByRole('checkbox', { name: '認可手続きを継続する' }).check();
    await frame.getByRole('button', { name: '許可' }).click();
    await page.getByText('口座を連携しました。').waitFor();
    const linked = await linkedOn(page);
    assert.deepEqual([linked.clientId, linked.tokenType], ['demo-quick', 'Bearer']);
    await page.close();
  });

  test('demo-risk: the question, a wrong answer is announced, the right one goes on', async () => {
    const page = await openModal();
    const frame = bankFrame(page);
    await logIn(frame, 'demo-risk');
    await frame.getByText('好きな数へ入力？').waitFor();
    await screenshot(page, '2-additional-auth');
    await frame.getByLabel('回答を入力').fill('8');
    await frame.getByRole('button', { name: '認証' }).click();
    await frame.getByRole('alert').waitFor();
    await frame.getByLabel('回答を入力').fill('7');
    await frame.getByRole('button', { name: '認証' }).click();
    await frame.getByRole('heading', { name: '認可業務選択' }).waitFor();
    await page.close();
  });

  test('拒否: the partner shows the refusal and links nothing', async () => {
    const page = await openModal();
    const frame = bankFrame(page);
    await logIn(frame, 'demo-cert');
    await frame.getByRole('checkbox', { name: '残高照会' }).check();
    await frame.getByRole('button', { name: '次へ' }).click();
    await frame.getByRole('checkbox', { name: /2000002/ }).check();
    await frame.getByRole('textbox', { name: /2000002/ }).fill('1234');
    await frame.getByRole('button', { name: '登録' }).click();
    await frame.getByRole('button', { name: '確認' }).click();
    await frame.getByRole('button', { name: '拒否' }).click();
    await page.getByText('口座連携は拒否されました。').waitFor();
    await page.close();
  });

  test('the developer page logs the widget events as they happen and switches the bank page to English', async () => {
    const page = await browser().newPage();
    await page.goto(`${PARTNER}/developer`);
    await page.getByLabel('言語 / Language').selectOption('en');
    await page.getByRole('button', { name: '銀行口座を連携する' }).click();
    const frame = bankFrame(page);
    await frame.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByText(/api-link-auth-ready/).waitFor();
    await frame.getByLabel('Login ID').fill('demo-cert');
    await frame.getByLabel('Login password').fill('demo1234');
    await frame.getByRole('button', { name: 'Connect' }).click();
    await frame.getByRole('heading', { name: 'Select services' }).waitFor();
    await page.getByText(/api-link-auth-step \{"view":"scope-select"\}/).waitFor();
    await screenshot(page, 'developer-page-english');
    await page.press('Escape');
    await page.getByText(/api-link-auth-cancel \{"reason":"closed"\}/).waitFor();
    await page.close();
  });

  test('a wrong password shows a message without progress', async () => {
    const page = await openModal();
    const frame = bankFrame(page);
    await logIn(frame, 'demo-risk', 'wrong-password');
    const alert = frame.getByRole('alert');
    await alert.waitFor();
    await screenshot(page, '1-login-error');
    assert.equal(await frame.getByRole('heading', { name: 'ログイン' }).count(), 1);
    await page.close();
  });

  test('a reload of the bank’s frame shows, inside the modal, why it cannot go on; × closes it', async () => {
    const page = await openModal();
    const frame = bankFrame(page);
    // The frame asks for the same URL again: its request_uri is used up, so no second flow, and
    // the error page may be framed by the partner's registered origin, so the customer reads it.
    await frame.evaluate('void setTimeout(() => location.reload())');
    await frame
      .getByText(/認可の画面は再読み込みできません。API連携先の画面からやり直してください。/)
      .waitFor();
    assert.equal(await frame.getByRole('heading', { name: 'ログイン' }).count(), 0);
    await page.getByRole('button', { name: '閉じる' }).click();
    await page.getByText('口座連携を中止しました。').waitFor();
    await page.close();
  });

  // Last: it stops this engine's demo.
  test('when the partner’s own backend cannot be reached, its page says so instead of doing nothing', async () => {
    const page = await browser().newPage();
    await page.goto(PARTNER);
    await demo().stop();
    await untilUnreachable(PARTNER);
    await page.getByRole('button', { name: '銀行口座を連携する' }).click();
    await page.getByText('口座連携を開始できませんでした。もう一度お試しください。').waitFor();
    await page.close();
  });
});

/** Resolves once nothing answers at `origin` any more (a fetch there rejects), within 15 s. */
async function untilUnreachable(origin: string): Promise<void> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    try {
      await (await fetch(origin)).arrayBuffer();
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${origin} still answers`);
}
