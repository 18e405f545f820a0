/** How long each credential lives; the README's security model lists them. */
export const PUSHED_REQUEST_LIFETIME_S = 90;
export const AUTHORIZATION_CODE_LIFETIME_MS = 60_000;
export const ACCESS_TOKEN_LIFETIME_MS = 3_600_000;
/** A completed transaction lingers this long so a retried request still gets its callback. */
export const COMPLETED_TRANSACTION_MS = 60_000;
