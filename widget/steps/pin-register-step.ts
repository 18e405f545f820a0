import { msg } from '@lit/localize';
import { html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { AccountView, FlowView } from '../../server/flow/types.js';
import { accountCells } from './account-cells.js';
import { FlowStep } from './flow-step.js';
import { formText } from './form-text.js';

type PinRegisterView = Extract<FlowView, { name: 'pin-register' }>;

/** Step 4: 照会用暗証番号登録. The customer picks 未登録 accounts and types each one's PIN. */
@customElement('api-link-auth-pin-register')
export class PinRegisterStep extends FlowStep<PinRegisterView> {
  @state() private selected: string[] = [];

  private get statusHeading(): string {
    return msg('登録状況', { id: 'pinRegister.status' });
  }

  private get pinHeading(): string {
    return msg('照会用暗証番号（現在）', { id: 'pin.current' });
  }

  private get selectable(): AccountView[] {
    return this.view.accounts.filter((account) => account.status === 'unregistered');
  }

  private select(ids: string[]) {
    this.selected = this.selectable.map(({ id }) => id).filter((id) => ids.includes(id));
  }

  private handleSelectAll(event: Event) {
    this.select(
      (event.target as HTMLInputElement).checked ? this.selectable.map(({ id }) => id) : [],
    );
  }

  private handleSelect(id: string, event: Event) {
    const checked = (event.target as HTMLInputElement).checked;
    this.select(checked ? [...this.selected, id] : this.selected.filter((other) => other !== id));
  }

  /** Typing a PIN picks its row: the customer plainly means it. */
  private handlePinInput(id: string, event: Event) {
    if ((event.target as HTMLInputElement).value && !this.selected.includes(id)) {
      this.select([...this.selected, id]);
    }
  }

  private handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.act('/flow/pins', {
      pins: this.selected.map((accountId) => ({
        accountId,
        pin: formText(form, `pin:${accountId}`),
      })),
    });
  }

  override render() {
    const all = this.selectable.length > 0 && this.selected.length === this.selectable.length;
    return html`${this.renderHeading(msg('照会用暗証番号登録', { id: 'pinRegister.heading' }))}
      <p>
        ${msg(
          '「照会用暗証番号」の登録状況が未登録の口座を選択して、届け出ている「照会用暗証番号」を入力し、「登録」ボタンを押してください。',
          { id: 'pinRegister.hint' },
        )}
      </p>
      <form @submit=${this.handleSubmit}>
        <div class="table">
          <table part="table" aria-describedby=${this.problem ? 'problem' : nothing}>
            <thead>
              <tr>
                <th scope="col" class="pick">
                  <label class="check"
                    ><input
                      type="checkbox"
                      .checked=${all}
                      .indeterminate=${!all && this.selected.length > 0}
                      ?disabled=${!this.selectable.length}
                      @change=${this.handleSelectAll}
                    />${msg('全て', { id: 'pinRegister.all' })}</label
                  >
                </th>
                <th scope="col">${this.statusHeading}</th>
                <th scope="col">${msg('照会用口座', { id: 'pin.account' })}</th>
                <th scope="col">${msg('口座メモ', { id: 'pin.memo' })}</th>
                <th scope="col" id="pin-header">${this.pinHeading}</th>
              </tr>
            </thead>
            <tbody>
              ${this.view.accounts.map((account, index) => this.renderRow(account, index))}
            </tbody>
          </table>
        </div>
        <div class="actions">${this.renderButton(msg('登録', { id: 'pinRegister.submit' }))}</div>
      </form>`;
  }

  private renderRow(account: AccountView, index: number) {
    if (account.status !== 'unregistered') {
      return html`<tr>
        <td class="pick"></td>
        ${accountCells(account, index, this.locale, this.statusHeading)}
        <td data-label=${this.pinHeading}>-</td>
      </tr>`;
    }
    const selected = this.selected.includes(account.id);
    const error = this.rowError(account.id);
    return html`<tr>
      <td class="pick">
        <input
          type="checkbox"
          aria-labelledby=${`account-${index}`}
          .checked=${selected}
          @change=${(event: Event) => this.handleSelect(account.id, event)}
        />
      </td>
      ${accountCells(account, index, this.locale, this.statusHeading)}
      <td data-label=${this.pinHeading}>
        <input
          part="input"
          type="password"
          name=${`pin:${account.id}`}
          inputmode="numeric"
          pattern="[0-9]*"
          autocomplete="off"
          aria-labelledby=${`pin-header account-${index}`}
          ?required=${selected}
          aria-invalid=${error ? 'true' : nothing}
          aria-describedby=${error ? `pin-error-${index}` : nothing}
          @input=${(event: Event) => this.handlePinInput(account.id, event)}
        />
        ${error ? html`<span class="field-error" id=${`pin-error-${index}`}>${error}</span>` : nothing}
      </td>
    </tr>`;
  }

  /** A wrong or locked PIN is shown on its own row (the problem's `accountIds`). */
  private rowError(accountId: string): string | undefined {
    if (!this.problem?.accountIds?.includes(accountId)) return undefined;
    return this.problemIs('pin_locked')
      ? msg('この口座の照会用暗証番号はロックされています。', { id: 'pinRegister.rowLocked' })
      : msg('照会用暗証番号が正しくありません。', { id: 'pinRegister.rowInvalid' });
  }
}
