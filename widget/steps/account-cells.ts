import { msg } from '@lit/localize';
import { html } from 'lit';
import type { AccountView, PinStatus } from '../../server/flow/types.js';
import type { Locale } from '../localization.js';

/** インターネット支店 (001) 普通 2000002 */
export function accountLabel(account: AccountView, locale: Locale): string {
  const { branchName, branchCode, accountType, accountNumber } = account;
  return `${branchName[locale]} (${branchCode}) ${accountType[locale]} ${accountNumber}`;
}

function pinStatusLabel(status: PinStatus): string {
  if (status === 'registered') return msg('登録済み', { id: 'pin.status.registered' });
  if (status === 'staged') return msg('登録済み*', { id: 'pin.status.staged' });
  return msg('未登録', { id: 'pin.status.unregistered' });
}

/**
 * The cells both PIN tables share: 登録状況 (headed `statusHeading`), 照会用口座 (the row header,
 * `account-N`, which names the row's controls) and 口座メモ. `data-label` repeats a cell's column
 * heading for the phone layout, where each row is a card (styles.ts).
 */
export function accountCells(
  account: AccountView,
  index: number,
  locale: Locale,
  statusHeading: string,
) {
  return html`<td class="status" data-label=${statusHeading}>${pinStatusLabel(account.status)}</td>
    <th scope="row" id=${`account-${index}`}>${accountLabel(account, locale)}</th>
    <td class="memo" data-label=${msg('口座メモ', { id: 'pin.memo' })}>${account.memo ?? '-'}</td>`;
}
