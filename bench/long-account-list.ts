import type { Browser, Page } from 'playwright-core';
import { headingShown, instrument, resetMarks } from './browser.js';
import { benchCustomer } from './bench-customers.js';
import { QUICK } from './our-flow.js';
import { authorizeUrl } from './pushed-request.js';

export interface AccountListRuns {
  accounts: number;
  /** Per run, milliseconds: the /flow/login answer's arrival → PIN step heading focused. */
  renderMs: number[];
  /** … → the first frame after that (the table laid out and painted). */
  frameMs: number[];
  /** Pressing 「API連携」 → PIN step heading focused (login request included). */
  clickToFocusMs: number[];
  /** Pressing 「全て」 → every row's checkbox checked and the next frame drawn. */
  selectAllMs: number[];
}

/**
 * A long account list: customer `bench-<customerIndex>` (with `accounts`
 * unregistered accounts) logs in on the hosted page for demo-quick, which has no service
 * selection, so the PIN-registration step follows login. Each run is a fresh context.
 */
export async function measureAccountList(
  browser: Browser,
  origin: string,
  { customerIndex, accounts, runs }: { customerIndex: number; accounts: number; runs: number },
): Promise<AccountListRuns> {
  const result: AccountListRuns = {
    accounts,
    renderMs: [],
    frameMs: [],
    clickToFocusMs: [],
    selectAllMs: [],
  };
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await instrument(page);
      await page.goto(await authorizeUrl(origin, QUICK), { waitUntil: 'commit' });
      await headingShown(page);
      await page.getByLabel('ログインID').fill(benchCustomer(customerIndex).loginId);
      await page.getByLabel('ログインパスワード').fill('demo1234');
      await resetMarks(page);
      await page.getByRole('button', { name: 'API連携' }).click();
      const marks = await headingShown(page);
      if (marks.headingText !== '照会用暗証番号登録')
        throw new Error(`expected the PIN step, got ${marks.headingText}`);
      const loginAnswered = await page.evaluate(
        () =>
          (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
            .filter((entry) => entry.name.endsWith('/flow/login'))
            .at(-1)!.responseEnd,
      );
      result.renderMs.push(marks.headingFocusAt! - loginAnswered);
      result.frameMs.push(marks.frameAt! - loginAnswered);
      result.clickToFocusMs.push(marks.headingFocusAt! - marks.clickAt!);
      result.selectAllMs.push(await selectAll(page, accounts));
    } finally {
      await context.close();
    }
  }
  return result;
}

/** Clicks 「全て」 in the page and times it to the next frame; checks every row got checked. */
async function selectAll(page: Page, accounts: number): Promise<number> {
  const { ms, checked } = await page.evaluate(async () => {
    const host = document.querySelector('api-link-auth-flow')!.shadowRoot!;
    const step = host.querySelector('api-link-auth-pin-register') as HTMLElement & {
      updateComplete: Promise<boolean>;
    };
    const all = step.querySelector<HTMLInputElement>('thead input[type=checkbox]')!;
    const started = performance.now();
    all.click();
    await step.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    const ms = performance.now() - started;
    const checked = [
      ...step.querySelectorAll<HTMLInputElement>('tbody input[type=checkbox]'),
    ].filter((box) => box.checked).length;
    return { ms, checked };
  });
  if (checked !== accounts) throw new Error(`「全て」 checked ${checked} of ${accounts} rows`);
  return ms;
}
