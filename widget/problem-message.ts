import { msg, str } from '@lit/localize';
import type { FlowProblem, WidgetProblemCode } from './flow-client.js';
import type { Locale } from './localization.js';

/** Codes after which this transaction cannot go on: the partner has to start a new one. */
export const endingCodes: WidgetProblemCode[] = [
  'invalid_authorization_request',
  'transaction_not_found',
  'transaction_expired',
  'transaction_ended',
];

/**
 * The customer-facing sentence for each problem `code`: a `Record` over every code, so a code
 * added to server/flow/problem-codes.ts without its message here does not compile. Never says
 * which of ID or password was wrong.
 */
const messages: Record<WidgetProblemCode, (problem: FlowProblem, locale: Locale) => string> = {
  network_error: () =>
    msg('通信に失敗しました。入力内容はそのままです。もう一度お試しください。', {
      id: 'error.network',
    }),
  invalid_request: () =>
    msg('入力内容に誤りがあります。ご確認の上、もう一度お試しください。', {
      id: 'error.invalidRequest',
    }),
  payload_too_large: () =>
    msg('送信内容が大きすぎます。入力内容をご確認の上、もう一度お試しください。', {
      id: 'error.payloadTooLarge',
    }),
  invalid_authorization_request: () =>
    msg(
      'API連携先からの要求が正しくないか、すでに使用されています。API連携先の画面からやり直してください。',
      {
        id: 'error.invalidAuthorizationRequest',
      },
    ),
  transaction_not_found: () =>
    msg('一定時間が経過したため、この手続きは無効になりました。最初からやり直してください。', {
      id: 'error.transactionExpired',
    }),
  transaction_expired: (problem, locale) => messages.transaction_not_found(problem, locale),
  transaction_ended: () =>
    msg('この手続きは終了しました。最初からやり直してください。', {
      id: 'error.transactionEnded',
    }),
  step_not_allowed: () =>
    msg('この操作は現在行えません。最新の画面を表示しました。', {
      id: 'error.stepNotAllowed',
    }),
  invalid_credentials: () =>
    msg('ログインIDまたはログインパスワードが正しくありません。', {
      id: 'error.invalidCredentials',
    }),
  certificate_not_recognized: () =>
    msg(
      '電子証明書を確認できませんでした。ログインIDとログインパスワードでログインしてください。',
      {
        id: 'error.certificateNotRecognized',
      },
    ),
  account_locked: (problem, locale) => {
    const until = lockedUntil(problem, locale);
    return msg(str`ログインが一時的にロックされています。${until}以降にもう一度お試しください。`, {
      id: 'error.accountLocked',
    });
  },
  too_many_attempts: () =>
    msg('短時間に多くの操作が行われました。しばらく待ってからもう一度お試しください。', {
      id: 'error.tooManyAttempts',
    }),
  additional_auth_unavailable: () =>
    msg(
      '追加認証が必要ですが、追加認証の質問が登録されていません。お取引店にお問い合わせください。',
      { id: 'error.additionalAuthUnavailable' },
    ),
  wrong_answer: (problem) => {
    const left = problem.attemptsLeft ?? 0;
    return msg(str`回答が正しくありません。あと${left}回間違えると、この手続きは終了します。`, {
      id: 'error.wrongAnswer',
    });
  },
  scope_required: () => msg('利用業務を1つ以上選択してください。', { id: 'error.scopeRequired' }),
  invalid_scope: () => msg('選択できない業務が含まれています。', { id: 'error.invalidScope' }),
  account_required: () =>
    msg('照会用口座を1つ以上選択し、照会用暗証番号を入力してください。', {
      id: 'error.accountRequired',
    }),
  account_not_selectable: () =>
    msg('選択できない口座が含まれています。', { id: 'error.accountNotSelectable' }),
  invalid_pin: () =>
    msg(
      '照会用暗証番号が正しくない口座があります。該当の口座の照会用暗証番号を入力し直してください。',
      {
        id: 'error.invalidPin',
      },
    ),
  pin_locked: () =>
    msg('照会用暗証番号がロックされている口座があります。', { id: 'error.pinLocked' }),
  grant_unavailable: () =>
    msg(
      '更新しようとした連携は、ログインしたお客さまの連携ではないか、すでに解除されています。API連携先の画面からやり直してください。',
      { id: 'error.grantUnavailable' },
    ),
  // The connection was revoked or ended meanwhile; the widget shows the list as it is now.
  grant_not_found: (problem, locale) => messages.step_not_allowed(problem, locale),
  nothing_left_to_register: () =>
    msg('照会用暗証番号を登録できる口座はありません。', {
      id: 'error.nothingLeftToRegister',
    }),
  grant_account_required: () =>
    msg('対象口座を1つ以上選択してください。', { id: 'error.grantAccountRequired' }),
  confirmation_required: () =>
    msg('「認可手続きを継続する」のチェックボックスをチェックしてください。', {
      id: 'error.confirmationRequired',
    }),
  server_error: () =>
    msg('ただいまサービスをご利用いただけません。しばらくしてからもう一度お試しください。', {
      id: 'error.server',
    }),
};

/** A code this widget does not know (a newer server) reads as a generic failure. */
export function problemMessage(problem: FlowProblem, locale: Locale): string {
  const message = messages[problem.code] ?? messages.server_error;
  return message(problem, locale);
}

function lockedUntil({ lockedUntil }: FlowProblem, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Tokyo',
    timeZoneName: 'short',
  }).format(lockedUntil ?? Date.now());
}
