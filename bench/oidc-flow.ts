import { CookieJar } from './cookie-jar.js';
import type { Flow } from './flow-driver.js';
import { basicAuthorization, expectJson, pkcePair, postForm, randomState } from './http.js';
import { OIDC_CLIENT } from './oidc-provider-client.js';

/**
 * node-oidc-provider's complete code + PKCE flow, driven like ours: PAR → /auth → its login
 * interaction → its consent interaction → back to /auth → callback with the code → token.
 * The browser's part (redirects and cookies) is played by following each 303 by hand.
 */
export function oidcFlow(origin: string): Flow {
  const authorization = basicAuthorization(OIDC_CLIENT.clientId, OIDC_CLIENT.secret);
  return async (step, index) => {
    const jar = new CookieJar();
    const { verifier, challenge } = pkcePair();
    const state = randomState();
    const browse = async (url: string, form?: Record<string, string>) => {
      const headers = { Cookie: jar.header() };
      const response = form
        ? await postForm(url, form, headers)
        : await fetch(url, { headers, redirect: 'manual' });
      jar.store(response);
      await response.arrayBuffer();
      return response;
    };
    /** Follows redirects on the provider until one leaves it (the callback) or a page answers. */
    const follow = async (response: Response): Promise<URL> => {
      let current = response;
      for (let hops = 0; hops < 10; hops++) {
        if (current.status !== 302 && current.status !== 303) {
          throw new Error(`expected a redirect, got HTTP ${current.status} at ${current.url}`);
        }
        const location = new URL(current.headers.get('Location')!, origin);
        if (location.origin !== origin) return location;
        if (location.pathname.startsWith('/interaction/')) return location;
        current = await browse(location.href);
      }
      throw new Error('too many redirects');
    };

    const { request_uri: requestUri } = await step('par', async () =>
      expectJson<{ request_uri: string }>(
        await postForm(
          `${origin}/request`,
          {
            client_id: OIDC_CLIENT.clientId,
            response_type: 'code',
            redirect_uri: OIDC_CLIENT.redirectUri,
            scope: 'openid',
            state,
            code_challenge: challenge,
            code_challenge_method: 'S256',
          },
          { Authorization: authorization },
        ),
        201,
      ),
    );
    const login = await step('authorize', async () => {
      const query = new URLSearchParams({
        client_id: OIDC_CLIENT.clientId,
        request_uri: requestUri,
      });
      const interaction = await follow(await browse(`${origin}/auth?${query}`));
      expectPage(await browse(interaction.href), 'login page');
      return interaction;
    });
    const consent = await step('login', async () => {
      const interaction = await follow(
        await browse(login.href, {
          prompt: 'login',
          login: `bench-${index}`,
          password: 'demo1234',
        }),
      );
      expectPage(await browse(interaction.href), 'consent page');
      return interaction;
    });
    const callback = await step('consent', async () =>
      follow(await browse(consent.href, { prompt: 'consent' })),
    );
    const code = callback.searchParams.get('code');
    if (!code || callback.searchParams.get('state') !== state)
      throw new Error(`consent: no code in ${callback}`);
    const tokens = await step('token', async () =>
      expectJson<{ access_token: string }>(
        await postForm(
          `${origin}/token`,
          {
            grant_type: 'authorization_code',
            code,
            redirect_uri: OIDC_CLIENT.redirectUri,
            code_verifier: verifier,
          },
          { Authorization: authorization },
        ),
        200,
      ),
    );
    return tokens.access_token;
  };
}

/** Their proof of a usable token: the userinfo endpoint answers for it. */
export async function oidcTokenWorks(origin: string, accessToken: string): Promise<boolean> {
  const response = await fetch(`${origin}/me`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  return (
    response.status === 200 && typeof ((await response.json()) as { sub?: string }).sub === 'string'
  );
}

function expectPage(response: Response, what: string) {
  if (response.status !== 200) throw new Error(`${what}: HTTP ${response.status}`);
}
