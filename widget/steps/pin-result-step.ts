import { msg } from '@lit/localize';
import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { FlowView } from '../../server/flow/types.js';
import { accountCells } from './account-cells.js';
import { FlowStep } from './flow-step.js';

type PinResultView = Extract<FlowView, { name: 'pin-result' }>;

/** Step 5: 照会用暗証番号登録結果. 確認 goes on; 追加登録 goes back to step 4. */
@customElement('api-link-auth-pin-result')
export class PinResultStep extends FlowStep<PinResultView> {
  private handleConfirm = () => this.act('/flow/pins/confirm', {});
  private handleAddMore = () => this.act('/flow/pins/add-more', {});

  override render() {
    const { accounts, registeredAccountIds, canAddMore } = this.view;
    const status = msg('登録状態', { id: 'pinResult.status' });
    const pin = msg('照会用暗証番号（現在）', { id: 'pin.current' });
    return html`${this.renderHeading(msg('照会用暗証番号登録結果', { id: 'pinResult.heading' }))}
      <p>
        ${msg('以下の内容で照会用暗証番号を登録しました。', { id: 'pinResult.done' })}<br />
        ${msg('内容を確認の上、「確認」ボタンを押してください。', { id: 'pinResult.confirmHint' })}
        ${
          canAddMore
            ? html`<br />${msg(
                  '照会用暗証番号を追加登録するには、「照会用暗証番号の追加登録」ボタンを押してください。',
                  {
                    id: 'pinResult.addMoreHint',
                  },
                )}`
            : ''
        }
      </p>
      <div class="table">
        <table part="table">
          <thead>
            <tr>
              <th scope="col">${status}</th>
              <th scope="col">${msg('照会用口座', { id: 'pin.account' })}</th>
              <th scope="col">${msg('口座メモ', { id: 'pin.memo' })}</th>
              <th scope="col">${pin}</th>
            </tr>
          </thead>
          <tbody>
            ${accounts.map(
              (account, index) =>
                html`<tr>
                  ${accountCells(account, index, this.locale, status)}
                  <td data-label=${pin}>
                    ${registeredAccountIds.includes(account.id) ? '****' : '-'}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="note">
        ${msg('※登録状態欄に「*」が表示されている口座の暗証番号は、認可完了後に有効となります。', {
          id: 'pinResult.note',
        })}
      </p>
      <div class="actions">
        ${this.renderButton(msg('確認', { id: 'pinResult.confirm' }), { onClick: this.handleConfirm })}
        ${
          canAddMore
            ? this.renderButton(msg('照会用暗証番号の追加登録', { id: 'pinResult.addMore' }), {
                primary: false,
                onClick: this.handleAddMore,
              })
            : ''
        }
      </div>`;
  }
}
