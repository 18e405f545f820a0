import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type {
  ConnectionView,
  ConsentRecordView,
  GrantedAccountView,
  ManageView,
} from '../../server/manage/types.js';
import { consentRecordsPanel } from './consent-record-view.js';
import { FlowStep } from './flow-step.js';

type ConnectionsView = Extract<ManageView, { name: 'connections' }>;

/** The customer confirmed 「解除する」 for one grant. Internal, like FlowActionEvent. */
export class RevokeGrantEvent extends Event {
  constructor(readonly grant: ConnectionView) {
    super('revoke-grant', { bubbles: true });
  }
}

/**
 * The customer pressed 「同意記録」 of a grant: open its records, or, with no grant, close them.
 * Internal, like FlowActionEvent.
 */
export class ConsentRecordEvent extends Event {
  constructor(readonly grantId?: string) {
    super('consent-record', { bubbles: true });
  }
}

/** The records of one grant, as the manager loaded them for 「同意記録」. */
export interface OpenConsentRecords {
  grantId: string;
  records: ConsentRecordView[];
}

/**
 * 連携サービス一覧: each active grant with its services, accounts and dates, and 「連携解除」,
 * which asks once more in place (a group named by its question, focus on 「キャンセル」, the safe
 * choice) before anything is revoked; then the grants revoked lately (解除済み). Every grant
 * offers its 同意記録, the bank's signed records of its consent, to read and download.
 */
@customElement('api-link-auth-connections')
export class ConnectionsStep extends FlowStep<ConnectionsView> {
  /** The grant whose 「連携解除」 is being confirmed. */
  @state() private confirming?: string;

  /** 同意記録 open under one grant; set by the manager, which loads them. */
  @property({ attribute: false }) consentRecords?: OpenConsentRecords;

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

  private handleConsentRecord(grantId: string) {
    if (this.busy) return;
    const open = this.consentRecords?.grantId === grantId;
    this.dispatchEvent(new ConsentRecordEvent(open ? undefined : grantId));
  }

  protected override updated(changed: PropertyValues<this>) {
    if (!changed.has('consentRecords')) return;
    // Opened: the records' heading takes focus; closed: focus goes back to their button.
    const opened = this.consentRecords?.grantId;
    const closed = changed.get('consentRecords')?.grantId;
    const id = opened ? `record-${opened}-h` : closed && `record-button-${closed}`;
    if (id) this.querySelector<HTMLElement>(`#${CSS.escape(id)}`)?.focus();
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
      ${this.renderRecords(grant)}
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
      ${this.renderRecordButton(grant)}
    </div>`;
  }

  /** 「同意記録」, a disclosure of the records below it. */
  private renderRecordButton(grant: ConnectionView) {
    const id = grant.grantId;
    return html`<button
      part="button secondary"
      type="button"
      id=${`record-button-${id}`}
      aria-describedby=${`name-${id}`}
      aria-expanded=${this.consentRecords?.grantId === id ? 'true' : 'false'}
      aria-controls=${`record-${id}`}
      aria-busy=${this.busy}
      @click=${() => this.handleConsentRecord(id)}
    >
      ${msg('同意記録', { id: 'consentRecord.heading' })}
    </button>`;
  }

  private renderRecords(grant: ConnectionView) {
    const open = this.consentRecords;
    if (open?.grantId !== grant.grantId) return nothing;
    return consentRecordsPanel(open.records, this.locale, `record-${grant.grantId}`);
  }

  /** A grant that has ended: its name and when, its 同意記録 and, when open, its records. */
  private renderEnded(grant: ConnectionView, when: string) {
    const id = grant.grantId;
    return html`<li>
      <span class="term" id=${`name-${id}`}>${this.name(grant)}</span>
      ${when}
      <div class="actions">${this.renderRecordButton(grant)}</div>
      ${this.renderRecords(grant)}
    </li>`;
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
          return this.renderEnded(
            grant,
            msg(str`${date}に期限切れ`, { id: 'connections.expiredOn' }),
          );
        })}
      </ul>`;
  }

  private renderRevoked(revoked: ConnectionView[]) {
    return html`<h3>${msg('解除済み', { id: 'connections.revoked' })}</h3>
      <ul class="connections">
        ${revoked.map((grant) => {
          const date = this.date(grant.revokedOn!);
          return this.renderEnded(grant, msg(str`${date}に解除`, { id: 'connections.revokedOn' }));
        })}
      </ul>`;
  }
}
