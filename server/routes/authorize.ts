import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { startTransaction } from '../flow-runner/start-transaction.js';
import { randomToken } from '../crypto/random-token.js';
import type { LocalizedText } from '../flow/types.js';
import { OAuthError } from '../http/oauth-error.js';
import {
  authorizationParameters,
  validateAuthorizationRequest,
} from '../oauth/authorization-request.js';
import { assertGrantToReconsent } from '../oauth/grant-management-request.js';
import { PUSHED_REQUEST_LIFETIME_S } from '../oauth/lifetimes.js';
import { requiresPushedRequests } from '../oauth/partner-profile.js';
import { repeatedParameter } from '../oauth/repeated-parameter.js';
import { limitStartsPerIp, retryAfter } from '../http/rate-limit.js';
import { findPartner, type Partner } from '../storage/partners.js';
import { partnerForFlow } from '../storage/reference-data.js';
import { savePushedRequest } from '../storage/pushed-requests.js';
import { firstScreen } from './first-screen.js';
import { errorPage, hostedPage } from './hosted-page.js';

const TOO_MANY_STARTS: LocalizedText = {
  ja: '短時間に多くの操作が行われました。しばらく待ってからもう一度お試しください。',
  en: 'There were too many attempts in a short time. Please wait a while and try again.',
};

/** Why the hosted page cannot be shown; rendered as an error page, never as a redirect. */
class UntrustedRequest extends Error {
  constructor(readonly text: LocalizedText) {
    super(text.en);
  }
}

/**
 * The authorization endpoint serves the bank-hosted page. Every failure is an error page: the
 * redirect_uri is not trusted until the request is, so nothing is redirected (RFC 6749 §4.1.2.1).
 */
export const authorizeRoutes = new Hono<AppEnv>().get(
  '/authorize',
  limitStartsPerIp((c) => {
    setHostedPageHeaders(c, []);
    return c.html(errorPage(TOO_MANY_STARTS), 429, retryAfter);
  }),
  async (c) => {
    // Known once the client_id names a registered partner: its embedding origins may then frame
    // the error page, so that a customer in the partner's modal reads why the request cannot go
    // on (a reloaded frame, a used or expired request_uri) instead of a frame the browser refused.
    // The page has nothing to press; while the partner is unknown, nobody may frame it.
    let partner: Partner | undefined;
    try {
      assertNoRepeatedParameter(c.req.queries());
      const clientId = c.req.query('client_id');
      const pushedUri = c.req.query('request_uri')?.slice(0, 512);
      // The page starts the transaction itself and carries its first view, so the widget shows
      // the first step without a request of its own. Single use: a reload finds the request_uri
      // used and gets the error page, never a second handle. A pushed request_uri is used up only
      // by the client it was pushed by, so that happens while the partner is read; a plain
      // request needs the partner first.
      const [registered, pushed] = await Promise.allSettled([
        registeredPartner(c.env.DB, clientId, pushedUri !== undefined),
        pushedUri !== undefined && clientId ? startTransaction(c, clientId, pushedUri) : null,
      ]);
      if (registered.status === 'rejected') throw registered.reason;
      partner = registered.value;
      if (pushed.status === 'rejected') throw pushed.reason;
      const started =
        pushedUri !== undefined
          ? pushed.value
          : await startTransaction(
              c,
              partner.clientId,
              await pushPlainRequest(c.env, partner, c.req.query()),
            );
      if (!started) {
        throw new UntrustedRequest({
          ja: 'この認可リクエストは無効、使用済み、または有効期限切れです。認可の画面は再読み込みできません。API連携先の画面からやり直してください。',
          en: 'This authorization request is invalid, already used or expired. The authorization page cannot be reloaded: please start again from the partner’s site.',
        });
      }
      const { request, transaction, view } = started;
      const partnerOrigin = new URL(request.redirectUri).origin;
      setHostedPageHeaders(c, framingOrigins(request.responseMode, partnerOrigin));
      // The pushed ui_locales counts (RFC 9126 §4); the query's only where none was pushed.
      const lang = preferredLanguage(request.uiLocales ?? c.req.query('ui_locales'));
      return c.html(
        hostedPage({
          start: { transaction, view },
          partnerOrigin,
          title: 'API連携認証（利用登録）',
          lang,
        }),
      );
    } catch (error) {
      if (!(error instanceof UntrustedRequest)) throw error;
      setHostedPageHeaders(c, partner?.embeddingOrigins ?? []);
      return c.html(errorPage(error.text), 400);
    }
  },
);

/**
 * The screen language: Japanese (the seed's) unless the partner asks for English first with
 * `ui_locales`, a space-separated list of BCP 47 tags in order of preference (OpenID Connect
 * Core §3.1.2.1). The customer can still switch on the page.
 */
function preferredLanguage(uiLocales: string | undefined): 'ja' | 'en' {
  const first = uiLocales
    ?.slice(0, 64)
    .split(' ')
    .find((tag) => /^(ja|en)\b/i.test(tag));
  return first?.toLowerCase().startsWith('en') ? 'en' : 'ja';
}

/**
 * A parameter sent twice could be read one way here and another way by whoever checked it.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1 ("Request and response parameters MUST NOT be included more than once")
 */
function assertNoRepeatedParameter(query: Record<string, string[]>): void {
  const repeated = repeatedParameter(query)?.slice(0, 64);
  if (repeated === undefined) return;
  throw new UntrustedRequest({
    ja: `認可リクエストのパラメータ「${repeated}」が重複しています。API連携先の画面からやり直してください。`,
    en: `The authorization request repeats the parameter “${repeated}”. Please start again from the partner’s site.`,
  });
}

/**
 * The partner `clientId` names, or the error page. A plain request is validated against the
 * registration here (its redirect_uri above all), so that reads it afresh. A pushed one was
 * validated against a fresh read when its partner authenticated at /par, moments ago, so the
 * copy the flow's steps show (storage/reference-data.ts, at most a minute old) is enough to
 * start it: the partner's tokens still need a fresh client authentication at /token.
 */
async function registeredPartner(
  db: D1Database,
  clientId: string | undefined,
  pushed: boolean,
): Promise<Partner> {
  const read = pushed ? partnerForFlow : findPartner;
  const partner = clientId && clientId.length <= 128 ? await read(db, clientId) : null;
  if (!partner) {
    throw new UntrustedRequest({
      ja: 'API連携先が登録されていません。',
      en: 'This partner is not registered.',
    });
  }
  return partner;
}

/**
 * A front-channel request without PAR, for partners registered to allow it (never a FAPI 2.0
 * partner): validated exactly like a pushed one and then stored as one, so the rest of the flow
 * is the same.
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-4
 */
async function pushPlainRequest(
  env: Env,
  partner: Partner,
  query: Record<string, string>,
): Promise<string> {
  if (requiresPushedRequests(partner)) {
    throw new UntrustedRequest({
      ja: 'この API連携先は事前登録された認可リクエスト（PAR）が必要です。',
      en: 'This partner must push its authorization request (PAR) first.',
    });
  }
  const parsed = authorizationParameters.safeParse(query);
  try {
    if (!parsed.success) {
      throw new OAuthError('invalid_request', 'Malformed authorization request.');
    }
    const request = validateAuthorizationRequest(partner, parsed.data, env.ISSUER);
    await assertGrantToReconsent(env.DB, partner, request);
    const requestUri = `urn:ietf:params:oauth:request_uri:${randomToken()}`;
    await savePushedRequest(
      env,
      requestUri,
      request,
      Date.now() + PUSHED_REQUEST_LIFETIME_S * 1000,
    );
    return requestUri;
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    throw new UntrustedRequest({
      ja: `認可リクエストが正しくありません（${error.error}）。`,
      en: `The authorization request is not valid (${error.error}): ${error.description}`,
    });
  }
}

/**
 * Who may frame this request's page: for `web_message`, exactly the origin its response is posted
 * to (validated against the partner's registered embedding origins when it was pushed), so the
 * origin the consent step names as the framing page is the one the browser let frame it. A
 * `query` request is answered by navigating the top-level page: nobody frames it.
 * @see https://www.w3.org/TR/CSP3/#directive-frame-ancestors
 */
function framingOrigins(responseMode: 'query' | 'web_message', partnerOrigin: string): string[] {
  return responseMode === 'web_message' ? [partnerOrigin] : [];
}

/**
 * The hosted page may be framed only by the origins given (a registered embedding origin). No
 * 'unsafe-inline' anywhere: the widget styles its shadow roots with adopted (constructable)
 * stylesheets, which style-src does not block (Lit falls back to `<style>` elements only in
 * browsers without them), and the page's own module and CSS, inline, are allowed by their SHA-256
 * alone, so an injected `<script>`, `<style>` or `style=` can neither run nor restyle the page
 * where customers type their credentials.
 * @see https://lit.dev/docs/api/styles/ (Note on Content Security Policy)
 * @see https://www.w3.org/TR/CSP3/#grammardef-hash-source
 */
function setHostedPageHeaders(c: Context<AppEnv>, embeddingOrigins: string[]): void {
  const ancestors = embeddingOrigins.length > 0 ? embeddingOrigins.join(' ') : "'none'";
  c.header(
    'Content-Security-Policy',
    `default-src 'self'; script-src 'self' ${firstScreen.scriptHash} ${firstScreen.firstStepScriptHash}; ` +
      `style-src 'self' ${firstScreen.styleHash} ${firstScreen.shadowStyleHash}; img-src 'self' data:; ` +
      `connect-src 'self'; form-action 'none'; base-uri 'none'; object-src 'none'; frame-ancestors ${ancestors}`,
  );
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Content-Type-Options', 'nosniff');
}
