import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { FlowView } from '../../server/flow/types.js';
import { VisibilityGuard } from '../visibility-guard.js';
import { accountLabel } from './account-cells.js';
import { FlowStep } from './flow-step.js';

type ConsentView = Extract<FlowView, { name: 'consent' }>;

/** Step 6: 情報アクセス許可. 許可 only once 「認可手続きを継続する」 is checked; 拒否 always. */
@customElement('api-link-auth-consent')
export class ConsentStep extends FlowStep<ConsentView> {
  /** Framed, 許可 counts only once the step has been in plain view a moment (clickjacking). */
  private readonly guard = new VisibilityGuard(this);
  @state() private confirmed = false;
  /** 対象口座 the customer unchecked; every account starts checked. */
  @state() private excluded: string[] = [];

  private handleConfirmedChange(event: Event) {
    this.confirmed = (event.target as HTMLInputElement).checked;
  }

  private handleAccountChange(event: Event) {
    const input = event.target as HTMLInputElement;
    const others = this.excluded.filter((id) => id !== input.value);
    this.excluded = input.checked ? others : [...others, input.value];
  }

  private get chosenAccountIds(): string[] {
    return this.view.accounts.map(({ id }) => id).filter((id) => !this.excluded.includes(id));
  }

  private handleAllow(event: SubmitEvent) {
    event.preventDefault();
    if (!this.guard.settled) return;
    const accountIds = this.chosenAccountIds;
    this.act('/flow/consent', { decision: 'allow', confirmed: this.confirmed, accountIds });
  }

  private handleDeny = () =>
    this.act('/flow/consent', { decision: 'deny', confirmed: this.confirmed });

  /** A re-consent's `merge` keeps the grant's accounts: they stay checked. */
  private kept(id: string): boolean {
    return this.view.change?.action === 'merge' && this.view.change.accountIdsBefore.includes(id);
  }

  /** A JST calendar date (YYYY-MM-DD), formatted as that date, whatever the browser's zone. */
  private date(jstDate: string): string {
    const [year, month, day] = jstDate.split('-').map(Number);
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      Date.UTC(year, month - 1, day),
    );
  }

  override render() {
    const view = this.view;
    const service = this.text(view.service);
    const company = this.text(view.company);
    const bank = this.text(view.bank);
    const days = view.periodDays;
    const date = this.date(view.endsOn);
    return html`${this.renderHeading(msg('情報アクセス許可', { id: 'consent.heading' }))}
      ${this.renderFramedBy()}
      <p>
        ${msg(
          str`${service}（${company}）がお客様のインターネットバンキングの口座情報・明細情報へのアクセスを求めています。${service}（${company}）と${bank}はそれぞれの利用規約とプライバシーポリシーに基づいて、この情報を使用します。以下の認可対象・認可期間をご確認の上、「許可」ボタンを押してください。`,
          { id: 'consent.request' },
        )}
      </p>
      ${this.renderChange(date)}
      <dl>
        <dt>${msg('認可対象', { id: 'consent.scopes' })}</dt>
        <dd>
          <ul>
            ${view.scopes.map((scope) => html`<li>${this.text(scope.label)}</li>`)}
          </ul>
        </dd>
        <dt>${msg('認可期間', { id: 'consent.period' })}</dt>
        <dd>
          ${msg(str`一定期間（${days}日）`, { id: 'consent.periodDays' })}<br />${msg(
            str`${date}まで`,
            {
              id: 'consent.endsOn',
            },
          )}
        </dd>
        <dt id="consent-accounts">${msg('対象口座', { id: 'consent.accounts' })}</dt>
        <dd>${this.renderAccounts()}</dd>
      </dl>
      <h3>${msg('意思確認', { id: 'consent.confirmation' })}</h3>
      <p>
        ${msg(
          str`「許可」ボタンを押す前に、${service}（${company}）のWebサイトを閲覧できるかどうかをお客様自身の判断で確認してください。「許可」ボタンを押すことによって、お客様は${service}（${company}）の利用規約のもと利用を続けることとなります。認可手続きを継続する場合は「認可手続きを継続する」のチェックボックスをチェックしてください。お客様の入力されたIDやパスワード等の認証情報は${service}には表示されません。また、${service}との間の通信は暗号化されています。`,
          { id: 'consent.confirmationText' },
        )}
      </p>
      <p>
        ${msg(
          str`なお、本アプリケーションへのアクセスは、${bank}へ接続することによって行われます。`,
          {
            id: 'consent.bankNote',
          },
        )}
      </p>
      <ul>
        ${this.renderLink(view.termsUrl, msg(str`${service}の利用規約`, { id: 'consent.terms' }))}
        ${this.renderLink(view.privacyUrl, msg(str`${service}のプライバシーポリシー`, { id: 'consent.privacy' }))}
        ${this.renderLink(view.detailsUrl, msg('詳細はこちら', { id: 'consent.details' }))}
      </ul>
      <form @submit=${this.handleAllow}>
        <label class="check"
          ><input
            type="checkbox"
            aria-describedby=${this.problem ? 'problem' : nothing}
            @change=${this.handleConfirmedChange}
          />${msg('認可手続きを継続する', {
            id: 'consent.continue',
          })}</label
        >
        <div class="actions">
          ${this.renderButton(msg('拒否', { id: 'consent.deny' }), { primary: false, onClick: this.handleDeny })}
          ${this.renderButton(msg('許可', { id: 'consent.allow' }), {
            disabled: !this.confirmed || this.chosenAccountIds.length === 0 || !this.guard.settled,
          })}
        </div>
      </form>`;
  }

  /**
   * A re-consent: what changes against the grant as it stands. The accounts follow the checkboxes
   * as the customer changes them; under `merge` none is removed.
   */
  private renderChange(endDate: string) {
    const change = this.view.change;
    if (!change) return nothing;
    const accounts = this.view.accounts;
    const chosen = this.chosenAccountIds;
    const before = change.accountIdsBefore;
    const label = (ids: string[]) =>
      accounts.filter(({ id }) => ids.includes(id)).map((a) => accountLabel(a, this.locale));
    const added = label(chosen.filter((id) => !before.includes(id)));
    const removed = label(before.filter((id) => !chosen.includes(id)));
    const lists = [
      [
        msg('追加される認可対象', { id: 'consent.change.scopesAdded' }),
        change.scopesAdded.map((scope) => this.text(scope.label)),
      ],
      [
        msg('外れる認可対象', { id: 'consent.change.scopesRemoved' }),
        change.scopesRemoved.map((scope) => this.text(scope.label)),
      ],
      [msg('追加される口座', { id: 'consent.change.accountsAdded' }), added],
      [msg('外れる口座', { id: 'consent.change.accountsRemoved' }), removed],
    ] as const;
    // A renewal on the day the grant was given (or last renewed) ends on the same day as before.
    const endedOn = this.date(change.endedOn);
    return html`<section class="change" aria-labelledby="consent-change">
      <h3 id="consent-change">${msg('変更内容', { id: 'consent.change.heading' })}</h3>
      <dl>
        ${lists.map(([term, items]) =>
          items.length
            ? html`<dt>${term}</dt>
                <dd>
                  <ul>
                    ${items.map((item) => html`<li>${item}</li>`)}
                  </ul>
                </dd>`
            : nothing,
        )}
        <dt>${msg('有効期限', { id: 'consent.change.period' })}</dt>
        <dd>
          ${
            endedOn === endDate
              ? msg(str`${endDate}まで（変更なし）`, { id: 'consent.change.periodUnchanged' })
              : msg(str`${endDate}まで（変更前: ${endedOn}まで）`, {
                  id: 'consent.change.periodDates',
                })
          }
        </dd>
      </dl>
    </section>`;
  }

  /** Framed, whose page this is inside: the origin the bank verified, not what the page claims. */
  private renderFramedBy() {
    if (!this.framedBy) return nothing;
    const origin = this.framedBy;
    return html`<p class="framed-by">
      ${msg(str`この画面は ${origin} のページ内に表示されています。`, { id: 'consent.framedBy' })}
    </p>`;
  }

  /** One checkbox per account the grant would cover; at least one must stay checked. */
  private renderAccounts() {
    const none = this.chosenAccountIds.length === 0;
    const items = this.view.accounts.map(
      (account) =>
        html`<li>
          <label class="check"
            ><input
              type="checkbox"
              name="account"
              value=${account.id}
              .checked=${!this.excluded.includes(account.id)}
              ?disabled=${this.kept(account.id)}
              aria-describedby=${none ? 'consent-accounts-required' : nothing}
              @change=${this.handleAccountChange}
            />${accountLabel(account, this.locale)}${
              account.status === 'staged'
                ? msg('（登録済み*）', { id: 'consent.accountStaged' })
                : nothing
            }${
              this.view.change?.accountIdsBefore.includes(account.id)
                ? msg('（連携中）', { id: 'consent.accountLinked' })
                : nothing
            }</label
          >
        </li>`,
    );
    return html`<div role="group" aria-labelledby="consent-accounts">
        <ul class="accounts">
          ${items}
        </ul>
      </div>
      ${
        none
          ? html`<p id="consent-accounts-required" class="required" role="alert">
              ${msg('対象口座を1つ以上選択してください。', { id: 'error.grantAccountRequired' })}
            </p>`
          : nothing
      }`;
  }

  private renderLink(href: string, label: string) {
    return html`<li>
      <a href=${href} target="_blank" rel="noopener noreferrer"
        >${label}<span class="visually-hidden"
          >${msg('（新しいタブで開きます）', { id: 'consent.newTab' })}</span
        ></a
      >
    </li>`;
  }
}
