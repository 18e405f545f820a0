import { msg, str } from '@lit/localize';
import type { FlowProblem } from './flow-client.js';
import type { Locale } from './localization.js';

/** Codes after which this transaction cannot go on: the partner has to start a new one. */
export const endingCodes = [
  'invalid_authorization_request',
  'transaction_not_found',
  'transaction_expired',
  'transaction_ended',
];

/**
 * The customer-facing sentence for a problem's stable `code`. Never says which of ID or password
 * was wrong (SPEC §6).
 */
export function problemMessage(problem: FlowProblem, locale: Locale): string {
  switch (problem.code) {
    case 'network_error':
      return msg('通信に失敗しました。入力内容はそのままです。もう一度お試しください。', {
        id: 'error.network',
      });
    case 'invalid_request':
      return msg('入力内容に誤りがあります。ご確認の上、もう一度お試しください。', {
        id: 'error.invalidRequest',
      });
    case 'invalid_authorization_request':
      return msg(
        'API連携先からの要求が正しくないか、すでに使用されています。API連携先の画面からやり直してください。',
        {
          id: 'error.invalidAuthorizationRequest',
        },
      );
    case 'transaction_not_found':
    case 'transaction_expired':
      return msg(
        '一定時間が経過したため、この手続きは無効になりました。最初からやり直してください。',
        {
          id: 'error.transactionExpired',
        },
      );
    case 'transaction_ended':
      return msg('この手続きは終了しました。最初からやり直してください。', {
        id: 'error.transactionEnded',
      });
    case 'step_not_allowed':
      return msg('この操作は現在行えません。最新の画面を表示しました。', {
        id: 'error.stepNotAllowed',
      });
    case 'invalid_credentials':
      return msg('ログインIDまたはログインパスワードが正しくありません。', {
        id: 'error.invalidCredentials',
      });
    case 'certificate_not_recognized':
      return msg(
        '電子証明書を確認できませんでした。ログインIDとログインパスワードでログインしてください。',
        {
          id: 'error.certificateNotRecognized',
        },
      );
    case 'account_locked': {
      const until = lockedUntil(problem, locale);
      return msg(
        str`ログインが一時的にロックされています。${until}以降にもう一度お試しください。`,
        {
          id: 'error.accountLocked',
        },
      );
    }
    case 'wrong_answer': {
      const left = problem.attemptsLeft ?? 0;
      return msg(str`回答が正しくありません。あと${left}回間違えると、この手続きは終了します。`, {
        id: 'error.wrongAnswer',
      });
    }
    case 'scope_required':
      return msg('利用業務を1つ以上選択してください。', { id: 'error.scopeRequired' });
    case 'invalid_scope':
      return msg('選択できない業務が含まれています。', { id: 'error.invalidScope' });
    case 'account_required':
      return msg('照会用口座を1つ以上選択し、照会用暗証番号を入力してください。', {
        id: 'error.accountRequired',
      });
    case 'account_not_selectable':
      return msg('選択できない口座が含まれています。', { id: 'error.accountNotSelectable' });
    case 'invalid_pin':
      return msg(
        '照会用暗証番号が正しくない口座があります。該当の口座の照会用暗証番号を入力し直してください。',
        {
          id: 'error.invalidPin',
        },
      );
    case 'pin_locked':
      return msg('照会用暗証番号がロックされている口座があります。', { id: 'error.pinLocked' });
    case 'nothing_left_to_register':
      return msg('照会用暗証番号を登録できる口座はありません。', {
        id: 'error.nothingLeftToRegister',
      });
    case 'confirmation_required':
      return msg('「認可手続きを継続する」のチェックボックスをチェックしてください。', {
        id: 'error.confirmationRequired',
      });
    default:
      return msg(
        'ただいまサービスをご利用いただけません。しばらくしてからもう一度お試しください。',
        {
          id: 'error.server',
        },
      );
  }
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
