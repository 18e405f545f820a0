import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import type { Browser, Page, Scope } from './driver.js';
import { bankFrame, BANK, IDLE_SECONDS, logIn, PARTNER, screenshot } from './harness.js';

/** One grant as the partner's backend reports it to its page (demo/partner/app.ts). */
interface PartnerGrant {
  grantId: string;
  clientId: string;
  status: 'active' | 'revoked' | 'expired';
  scopes: string[];
  accounts: unknown[];
  refused: { status: number; error: string } | null;
}

interface PartnerState {
  outcome: string | null;
  errorDescription: string | null;
  grants: PartnerGrant[];
}

/** What the partner's backend holds, asked with the page's own session cookie. */
const partnerState = (page: Page) =>
  page.evaluate<PartnerState>(`fetch('/api/linked').then((response) => response.json())`);

/** The term–value pairs of the partner page's first grant (状態, 認可対象, 有効期限). */
const partnerFacts = (page: Page) =>
  page.evaluate<Record<string, string>>(`(() => {
    const facts = {};
    for (const term of document.querySelectorAll('#linked article.grant dt')) {
      facts[term.textContent] = term.nextElementSibling.textContent;
    }
    return facts;
  })()`);

/** After the password: 追加認証 when the bank asks (always for demo-risk; its answer is 7). */
async function answerIfAsked(bank: Scope, next: string): Promise<void> {
  await bank.getByRole('heading', { name: new RegExp(`^(追加認証|${next})$`) }).waitFor();
  if ((await bank.getByRole('heading', { name: '追加認証' }).count()) === 0) return;
  await bank.getByLabel('回答を入力').fill('7');
  await bank.getByRole('button', { name: '認証' }).click();
  await bank.getByRole('heading', { name: next }).waitFor();
}

/**
 * From the login to 情報アクセス許可, in the modal's frame or on the bank's page: the services
 * chosen, and a PIN for each of the seed's accounts still 未登録.
 */
async function toConsent(bank: Scope, loginId: string, services: string[]): Promise<void> {
  await logIn(bank, loginId);
  await answerIfAsked(bank, '認可業務選択');
  for (const service of services) await bank.getByRole('checkbox', { name: service }).check();
  await bank.getByRole('button', { name: '次へ' }).click();
  await bank.getByRole('heading', { name: /^(照会用暗証番号登録|情報アクセス許可)$/ }).waitFor();
  if ((await bank.getByRole('heading', { name: '照会用暗証番号登録' }).count()) > 0) {
    for (const number of ['2000002', '1111111', '1000314']) {
      const unregistered = bank.getByRole('checkbox', { name: new RegExp(number) });
      if ((await unregistered.count()) === 0) continue;
      await unregistered.check();
      await bank.getByRole('textbox', { name: new RegExp(number) }).fill('1234');
    }
    await bank.getByRole('button', { name: '登録' }).click();
    await bank.getByRole('button', { name: '確認' }).click();
  }
  await bank.getByRole('heading', { name: '情報アクセス許可' }).waitFor();
}

async function allow(bank: Scope): Promise<void> {
  await bank.getByRole('checkbox', { name: '認可手続きを継続する' }).check();
  await bank.getByRole('button', { name: '許可' }).click();
}

/** The bank's 連携サービス一覧, logged in as `loginId`. */
async function bankList(page: Page, loginId: string): Promise<void> {
  await page.goto(`${BANK}/connections`);
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('ログインパスワード').fill('demo1234');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await answerIfAsked(page, '連携サービス一覧');
}

/**
 * Issue 12's end-to-end tests: a grant's life after 許可, between the partner's site and the
 * bank's 連携サービス一覧. Declared inside another file's demo (redirect-certificate-expiry.test.ts)
 * to spare the suite a demo start of their own, after that file's tests, whose grants and PINs
 * they take into account: `demo` has a grant of demo-kakeibo and 2000002 registered; `demo-cert`
 * and `demo-risk` have no grant.
 */
export function grantAfterConsent(browser: () => Browser): void {
  describe('the grant after consent (issue 12)', () => {
    // The redirect ending by expiry starts first and stays idle while the tests before it run,
    // so the suite waits out the idle time once at most, not on top of them.
    let idle: Page;
    let idleSince: number;
    before(async () => {
      idle = await browser().newPage();
      await idle.goto(PARTNER);
      await idle.getByRole('link', { name: '画面を移動して連携する' }).click();
      await idle.waitForURL(new RegExp(`^${BANK}/authorize\\?`));
      await idle.getByRole('heading', { name: 'ログイン' }).waitFor();
      idleSince = Date.now();
    });

    test("the partner shows the grant's end date and status; 連携解除 in the bank's list refuses the partner's next API call (401 invalid_token)", async () => {
      const partner = await browser().newPage({ width: 900, height: 1000 });
      await partner.goto(PARTNER);
      await partner.getByRole('button', { name: '銀行口座を連携する' }).click();
      const frame = bankFrame(partner);
      await toConsent(frame, 'demo-cert', ['残高照会', '入出金明細照会']);
      await allow(frame);
      await partner.getByText('口座を連携しました。').waitFor();
      const facts = await partnerFacts(partner);
      assert.equal(facts['状態'], '連携中');
      assert.equal(facts['認可対象'], '残高照会、入出金明細照会');
      assert.equal((await partnerState(partner)).grants[0].refused, null);
      await partner.getByRole('button', { name: '連携を解除' }).waitFor();
      await partner.getByRole('button', { name: '再連携' }).waitFor();
      await screenshot(partner, 'partner-grant');
      // The partner's page sends the customer to the bank's list, where the test goes next.
      const toBank = await partner.evaluate<string>(
        `[...document.querySelectorAll('a')].find((a) => a.textContent === 'デモ信用組合の連携サービス一覧').href`,
      );
      assert.equal(toBank, `${BANK}/connections`);

      const bank = await browser().newPage({ width: 900, height: 1000 });
      await bankList(bank, 'demo-cert');
      // The same end date on both sides: the partner's comes from GET /grants/{grant_id}.
      await bank.getByText(new RegExp(`^${facts['有効期限']} （あと\\d+日）$`)).waitFor();
      await screenshot(bank, 'connections');
      await bank.getByRole('button', { name: '連携解除' }).click();
      await bank.getByRole('button', { name: '解除する' }).click();
      await bank.getByText('かんたん家計簿Proとの連携を解除しました。').waitFor();
      await bank.close();

      await partner.goto(PARTNER);
      await partner.getByText(/銀行が口座情報の取得を拒否しました（401 invalid_token）/).waitFor();
      const [grant] = (await partnerState(partner)).grants;
      assert.deepEqual(grant.refused, { status: 401, error: 'invalid_token' });
      assert.equal(grant.status, 'revoked');
      assert.equal((await partnerFacts(partner))['状態'], '解除済み');
      assert.equal(await partner.getByRole('button', { name: '連携を解除' }).count(), 0);
      await partner.close();
    });

    test("the partner's 「連携を解除」 (DELETE /grants) shows it disconnected, and the bank's list shows it under 解除済み with its 同意記録", async () => {
      const partner = await browser().newPage({ width: 900, height: 1000 });
      await partner.goto(PARTNER);
      await partner.getByRole('link', { name: '画面を移動して連携する' }).click();
      await partner.waitForURL(new RegExp(`^${BANK}/authorize\\?`));
      await toConsent(partner, 'demo-risk', ['残高照会']);
      await allow(partner);
      await partner.waitForURL(`${PARTNER}/`);
      await partner.getByText('口座を連携しました。').waitFor();
      const [linked] = (await partnerState(partner)).grants;
      assert.equal(linked.clientId, 'demo-kakeibo');

      await partner.getByRole('button', { name: '連携を解除' }).click();
      await partner.getByText('連携を解除しました。').waitFor();
      assert.equal((await partnerFacts(partner))['状態'], '解除済み');
      const [disconnected] = (await partnerState(partner)).grants;
      assert.equal(disconnected.grantId, linked.grantId);
      assert.equal(disconnected.status, 'revoked');
      assert.equal(await partner.getByRole('button', { name: '連携を解除' }).count(), 0);
      await partner.close();

      const bank = await browser().newPage({ width: 900, height: 1000 });
      await bankList(bank, 'demo-risk');
      await bank.getByRole('heading', { name: '解除済み' }).waitFor();
      await bank.getByText('連携中のサービスはありません。').waitFor();
      await bank.getByText(/^かんたん家計簿（デモフィンテック株式会社）$/).waitFor();
      await bank.getByText(/\d+日に解除/).waitFor();

      // 同意記録: the consent, then its end by the partner's call, as the bank signed them.
      await bank.getByRole('button', { name: '同意記録' }).click();
      await bank.getByRole('heading', { name: '同意記録' }).waitFor();
      const records = await bank.evaluate<string[]>(`(() => {
        const root = document.querySelector('api-link-auth-flow').shadowRoot;
        return [...root.querySelectorAll('.consent-record article')].map((record) => record.textContent.replace(/\\s+/g, ' '));
      })()`);
      assert.equal(records.length, 2);
      assert.match(records[0], /^ ?同意（/);
      assert.match(records[0], /認可対象 ?残高照会/);
      assert.match(records[1], /^ ?連携先による連携解除（/);
      assert.match(records[1], /方法 ?連携先からの手続き/);
      await bank.getByRole('link', { name: '署名付きの同意記録をダウンロード（.jws）' }).waitFor();
      await screenshot(bank, 'consent-record');
      await bank.close();
    });

    test('in redirect mode, three wrong answers and an expired transaction arrive at the partner’s callback with error, state and iss', async () => {
      const wrong = await browser().newPage();
      await wrong.goto(PARTNER);
      await wrong.getByRole('link', { name: '画面を移動して連携する' }).click();
      await wrong.waitForURL(new RegExp(`^${BANK}/authorize\\?`));
      await logIn(wrong, 'demo-risk');
      await wrong.getByText('好きな数へ入力？').waitFor();
      for (const [answer, left] of [
        ['1', 2],
        ['2', 1],
      ] as const) {
        await wrong.getByLabel('回答を入力').fill(answer);
        await wrong.getByRole('button', { name: '認証' }).click();
        await wrong.getByText(new RegExp(`あと${left}回間違えると`)).waitFor();
      }
      await wrong.getByLabel('回答を入力').fill('3');
      await wrong.getByRole('button', { name: '認証' }).click();
      await wrong.getByRole('link', { name: 'API連携先の画面に戻る' }).click();
      await wrong.waitForURL(`${PARTNER}/`);
      // The partner believes an error only with its own state and the bank as iss
      // (demo/partner/app.ts): anything else would read 'failed'.
      await wrong
        .getByText('追加認証の回答を3回間違えたため、口座連携を完了できませんでした。')
        .waitFor();
      assert.deepEqual(
        { ...(await partnerState(wrong)), grants: undefined },
        { outcome: 'denied', errorDescription: 'too_many_wrong_answers', grants: undefined },
      );
      await wrong.close();

      await sleep(Math.max(0, idleSince + (IDLE_SECONDS + 2) * 1000 - Date.now()));
      await logIn(idle, 'demo');
      await idle.getByText(/無効になりました/).waitFor();
      await idle.getByRole('link', { name: 'API連携先の画面に戻る' }).click();
      await idle.waitForURL(`${PARTNER}/`);
      await idle
        .getByText('時間切れのため、口座連携を完了できませんでした。もう一度お試しください。')
        .waitFor();
      const expired = await partnerState(idle);
      assert.equal(expired.outcome, 'denied');
      assert.equal(expired.errorDescription, 'transaction_expired');
      await idle.close();
    });

    test('再連携 from the partner: the consent step shows what changes, and 許可 keeps the grant', async () => {
      const partner = await browser().newPage({ width: 900, height: 1000 });
      await partner.goto(PARTNER);
      await partner.getByRole('button', { name: '銀行口座を連携する' }).click();
      let frame = bankFrame(partner);
      await toConsent(frame, 'demo', ['残高照会']);
      await allow(frame);
      await partner.getByText('口座を連携しました。').waitFor();
      const [before] = (await partnerState(partner)).grants;
      assert.deepEqual(before.scopes, ['balance']);

      await partner.getByRole('button', { name: '再連携' }).click();
      frame = bankFrame(partner);
      await toConsent(frame, 'demo', ['残高照会', '入出金明細照会']);
      // What changes, before 許可: the service added, and the period that starts again.
      await frame.getByRole('heading', { name: '変更内容' }).waitFor();
      const change = await frame.evaluate<string>(
        `document.querySelector('api-link-auth-flow').shadowRoot
          .querySelector('[aria-labelledby=consent-change]').textContent.replace(/\\s+/g, ' ')`,
      );
      assert.match(change, /追加される認可対象 ?入出金明細照会/);
      assert.doesNotMatch(change, /外れる/);
      // Renewed seconds after the grant was given, the period ends on the same day as before
      // (unless the run crosses midnight, when the old end date is shown beside the new).
      assert.match(
        change,
        /有効期限 ?\d+年\d+月\d+日まで（(変更なし|変更前: \d+年\d+月\d+日まで)）/,
      );
      await screenshot(partner, 'reconsent');
      await allow(frame);
      await partner.getByText('再連携しました。連携の内容を更新しました。').waitFor();

      const [after] = (await partnerState(partner)).grants;
      assert.equal(after.grantId, before.grantId);
      assert.equal(after.status, 'active');
      assert.deepEqual(after.scopes, ['balance', 'transactions']);
      assert.equal(after.refused, null);
      assert.ok((await partner.getByRole('table', { name: '最近の入出金明細' }).count()) >= 1);
      await partner.close();
    });
  });
}
