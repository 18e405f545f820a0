import { msg, str } from '@lit/localize';
import { html } from 'lit';
import type { ConsentRecordView } from '../../server/manage/types.js';
import type { Locale } from '../localization.js';

type Claims = ConsentRecordView['claims'];

function statusLabel(status: ConsentRecordView['status']): string {
  if (status === 'given') return msg('同意', { id: 'consentRecord.status.given' });
  if (status === 'renewed') return msg('同意の更新', { id: 'consentRecord.status.renewed' });
  if (status === 'withdrawn') {
    return msg('お客様による連携解除', { id: 'consentRecord.status.withdrawn' });
  }
  return msg('連携先による連携解除', { id: 'consentRecord.status.revoked' });
}

function methodLabel(method: Claims['method']): string {
  return method === 'web-form'
    ? msg('インターネットバンキングの画面', { id: 'consentRecord.method.webForm' })
    : msg('連携先からの手続き', { id: 'consentRecord.method.partner' });
}

/** An RFC 3339 time as the JST date (and time) the rest of the list shows. */
function jst(time: string, locale: Locale, withTime: boolean): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    ...(withTime && { timeStyle: 'short' }),
    timeZone: 'Asia/Tokyo',
  }).format(Date.parse(time));
}

/**
 * The compact JWS to keep, as a file: the bank's signature makes the copy as good as the bank's
 * own record. A data: URL, so nothing is left to revoke when the list re-renders.
 */
function download(record: ConsentRecordView) {
  const href = `data:application/jose;charset=utf-8,${encodeURIComponent(record.jws)}`;
  return html`<a href=${href} download=${`consent-record-${record.claims.record_id}.jws`}>
    ${msg('署名付きの同意記録をダウンロード（.jws）', { id: 'consentRecord.download' })}
  </a>`;
}

function renderRecord(record: ConsentRecordView, locale: Locale, id: string) {
  const { claims } = record;
  const service = claims.partner.service[locale];
  const company = claims.partner.company[locale];
  const start = jst(claims.period.start, locale, false);
  const end = jst(claims.period.end, locale, false);
  const kind = statusLabel(record.status);
  const time = jst(claims.time, locale, true);
  return html`<article aria-labelledby=${id}>
    <h5 id=${id}>${msg(str`${kind}（${time}）`, { id: 'consentRecord.title' })}</h5>
    <dl>
      <dt>${msg('情報の管理者', { id: 'consentRecord.controller' })}</dt>
      <dd>${claims.controller.name[locale]}</dd>
      <dt>${msg('提供先', { id: 'consentRecord.partner' })}</dt>
      <dd>${msg(str`${service}（${company}）`, { id: 'connections.name' })}</dd>
      <dt>${msg('認可対象', { id: 'consent.scopes' })}</dt>
      <dd>${claims.services.map((scope) => scope.label[locale]).join('、')}</dd>
      <dt>${msg('対象口座', { id: 'consent.accounts' })}</dt>
      <dd>
        <ul class="accounts">
          ${claims.accounts.map(
            (account) =>
              html`<li>${account.branch[locale]} ${account.type[locale]} ${account.number}</li>`,
          )}
        </ul>
      </dd>
      <dt>${msg('有効期間', { id: 'consentRecord.period' })}</dt>
      <dd>${msg(str`${start}から${end}まで`, { id: 'consentRecord.periodRange' })}</dd>
      <dt>${msg('方法', { id: 'consentRecord.method' })}</dt>
      <dd>${methodLabel(claims.method)}</dd>
      <dt>${msg('記録番号', { id: 'consentRecord.recordId' })}</dt>
      <dd>${claims.record_id}</dd>
    </dl>
    <p>${download(record)}</p>
  </article>`;
}

/**
 * 同意記録: the bank's signed records of one grant, oldest first (its consent, then its end), in
 * words, each with its signed copy to download. The region is `regionId`; its heading,
 * `${regionId}-h`, names it and takes focus when it opens.
 */
export function consentRecordsPanel(
  records: ConsentRecordView[],
  locale: Locale,
  regionId: string,
) {
  const bank = records[0]?.claims.controller.name[locale] ?? '';
  return html`<section class="consent-record" id=${regionId} aria-labelledby=${`${regionId}-h`}>
    <h4 id=${`${regionId}-h`} tabindex="-1">${msg('同意記録', { id: 'consentRecord.heading' })}</h4>
    <p>
      ${msg(
        str`${bank}が電子署名した、このサービスとの連携への同意の記録です。ダウンロードしたファイル（JWS）は、${bank}の公開鍵で改ざんされていないことを確かめられます。`,
        { id: 'consentRecord.intro' },
      )}
    </p>
    ${records.map((record, index) => renderRecord(record, locale, `${regionId}-${index}`))}
  </section>`;
}
