import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ConnectionView, GrantedAccountView, ManageView } from '../../server/manage/types.js';
import { FlowStep } from './flow-step.js';

type ConnectionsView = Extract<ManageView, { name: 'connections' }>;

/** The customer confirmed 「解除する」 for one grant. Internal, like FlowActionEvent. */
export class RevokeGrantEvent extends Event {
  constructor(readonly grant: ConnectionView) {
    super('revoke-grant', { bubbles: true });
  }
}

/**
 * 連携サービス一覧: each active grant with its services, accounts and dates, and 「連携解除」,
 * which asks once more in place (a group named by its question, focus on 「キャンセル」, the safe
 * choice) before anything is revoked; then the grants revoked lately (解除済み).
 */
@customElement('api-link-auth-connections')
export class ConnectionsStep extends FlowStep<ConnectionsView> {
  /** The grant whose 「連携解除」 is being confirmed. */
  @state() private confirming?: string;

  private async handleAsk(grantId: string) {
    this.confirming = grantId;
    await this.updateComplete;
    this.querySelector<HTMLElement>(`#cancel-${CSS.escape(grantId)}`)?.focus();
  }

  private async handleCancel() {
    const grantId = this.confirming;
    this.confirming = undefined;
    await this.updateComplete;
    this.querySelector<HTMLElement>(`#revoke-${CSS.escape(grantId ?? '')}`)?.focus();
  }

  private handleConfirmKeydown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    void this.handleCancel();
  }

  private handleRevoke(grant: ConnectionView) {
    if (!this.busy) this.dispatchEvent(new RevokeGrantEvent(grant));
  }

  protected override willUpdate() {
    // A grant that left the list (revoked here or elsewhere) has nothing left to confirm.
    if (!this.view.active.some((grant) => grant.grantId === this.confirming)) {
      this.confirming = undefined;
    }
  }

  /** A JST calendar date (YYYY-MM-DD) as that date, whatever the browser's zone. */
  private date(jstDate: string): string {
    const [year, month, day] = jstDate.split('-').map(Number);
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      Date.UTC(year, month - 1, day),
    );
  }

  private lastUsed(epochMs: number | null): string {
    if (epochMs === null) return '-';
    return new Intl.DateTimeFormat(this.locale, {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'Asia/Tokyo',
    }).format(epochMs);
  }

  /** かんたん家計簿（デモフィンテック株式会社） */
  private name(grant: ConnectionView): string {
    const service = this.text(grant.service);
    const company = this.text(grant.company);
    return msg(str`${service}（${company}）`, { id: 'connections.name' });
  }

  private account(account: GrantedAccountView): string {
    const { branchName, branchCode, accountType, accountNumber } = account;
    return `${this.text(branchName)} (${branchCode}) ${this.text(accountType)} ${accountNumber}`;
  }

  override render() {
    const { active, revoked, expired } = this.view;
    return html`${this.renderHeading(msg('連携サービス一覧', { id: 'connections.heading' }))}
      <p>
        ${msg(
          'お客様の口座情報へのアクセスを許可しているサービスです。「連携解除」を押すと、そのサービスはすぐに口座情報へアクセスできなくなります。',
          { id: 'connections.intro' },
        )}
      </p>
      ${
        active.length === 0
          ? html`<p>${msg('連携中のサービスはありません。', { id: 'connections.none' })}</p>`
          : html`<ul class="connections">
              ${active.map((grant) => html`<li>${this.renderConnection(grant)}</li>`)}
            </ul>`
      }
      ${revoked.length === 0 ? nothing : this.renderRevoked(revoked)}
      ${expired.length === 0 ? nothing : this.renderExpired(expired)}`;
  }

  private renderConnection(grant: ConnectionView) {
    const id = grant.grantId;
    const days = grant.daysLeft;
    return html`<article aria-labelledby=${`name-${id}`}>
      <h3 id=${`name-${id}`}>${this.name(grant)}</h3>
      ${
        grant.expiringSoon
          ? html`<p class="expiring" id=${`expiring-${id}`}>
              ${msg('期限が近づいています', { id: 'connections.expiringSoon' })}
            </p>`
          : nothing
      }
      <dl>
        <dt>${msg('認可対象', { id: 'consent.scopes' })}</dt>
        <dd>${grant.scopes.map((scope) => this.text(scope.label)).join('、')}</dd>
        <dt>${msg('対象口座', { id: 'consent.accounts' })}</dt>
        <dd>
          <ul class="accounts">
            ${grant.accounts.map((account) => html`<li>${this.account(account)}</li>`)}
          </ul>
        </dd>
        <dt>${msg('連携日', { id: 'connections.createdOn' })}</dt>
        <dd>${this.date(grant.createdOn)}</dd>
        <dt>${msg('有効期限', { id: 'connections.endsOn' })}</dt>
        <dd>
          ${this.date(grant.endsOn)} ${msg(str`（あと${days}日）`, { id: 'connections.daysLeft' })}
        </dd>
        <dt>${msg('最終利用日時', { id: 'connections.lastUsed' })}</dt>
        <dd>${this.lastUsed(grant.lastUsedAt)}</dd>
      </dl>
      ${this.confirming === id ? this.renderConfirmation(grant) : this.renderAsk(grant)}
    </article>`;
  }

  private renderAsk(grant: ConnectionView) {
    const id = grant.grantId;
    return html`<div class="actions">
      <button
        part="button secondary"
        type="button"
        id=${`revoke-${id}`}
        aria-describedby=${`name-${id}`}
        @click=${() => this.handleAsk(id)}
      >
        ${msg('連携解除', { id: 'connections.revoke' })}
      </button>
    </div>`;
  }

  private renderConfirmation(grant: ConnectionView) {
    const id = grant.grantId;
    const service = this.text(grant.service);
    return html`<div
      class="confirmation"
      role="group"
      aria-labelledby=${`confirm-${id}`}
      @keydown=${this.handleConfirmKeydown}
    >
      <p id=${`confirm-${id}`}>
        ${msg(
          str`${service}との連携を解除しますか？解除すると、${service}はお客様の口座情報にアクセスできなくなります。`,
          { id: 'connections.confirm' },
        )}
      </p>
      <div class="actions">
        ${this.renderButton(msg('解除する', { id: 'connections.confirmRevoke' }), {
          onClick: () => this.handleRevoke(grant),
        })}
        <button
          part="button secondary"
          type="button"
          id=${`cancel-${id}`}
          @click=${this.handleCancel}
        >
          ${msg('キャンセル', { id: 'connections.cancel' })}
        </button>
      </div>
    </div>`;
  }

  /** Grants past their end: dead everywhere, listed so the customer sees why a service stopped. */
  private renderExpired(expired: ConnectionView[]) {
    return html`<h3>${msg('期限切れ', { id: 'connections.expired' })}</h3>
      <ul class="connections">
        ${expired.map((grant) => {
          const date = this.date(grant.endsOn);
          return html`<li>
            <span class="term">${this.name(grant)}</span>
            ${msg(str`${date}に期限切れ`, { id: 'connections.expiredOn' })}
          </li>`;
        })}
      </ul>`;
  }

  private renderRevoked(revoked: ConnectionView[]) {
    return html`<h3>${msg('解除済み', { id: 'connections.revoked' })}</h3>
      <ul class="connections">
        ${revoked.map((grant) => {
          const date = this.date(grant.revokedOn!);
          return html`<li>
            <span class="term">${this.name(grant)}</span>
            ${msg(str`${date}に解除`, { id: 'connections.revokedOn' })}
          </li>`;
        })}
      </ul>`;
  }
}
