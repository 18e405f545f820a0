import { basicAuthorization, expectJson, pkcePair, postForm, randomState } from './http.js';
import { REDIRECT_URI } from './our-flow.js';

/**
 * A fresh `/authorize` URL for the browser, pushed (PAR) as the partner's backend would;
 * `overrides` replaces parameters (an embedding partner's `redirect_uri`, `response_mode`).
 */
export async function authorizeUrl(
  origin: string,
  partner: { clientId: string; secret: string },
  overrides: Record<string, string> = {},
): Promise<string> {
  const { challenge } = pkcePair();
  const { request_uri: requestUri } = await expectJson<{ request_uri: string }>(
    await postForm(
      `${origin}/par`,
      {
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        scope: 'balance transactions',
        state: randomState(),
        code_challenge: challenge,
        code_challenge_method: 'S256',
        ...overrides,
      },
      { Authorization: basicAuthorization(partner.clientId, partner.secret) },
    ),
    201,
  );
  return `${origin}/authorize?${new URLSearchParams({ client_id: partner.clientId, request_uri: requestUri })}`;
}
