// The scripted flow API of the bank page the embedding tests frame (see bank-page-plugin.mjs).
// The scenario is the element's request-uri.
import { FakeFlowServer, problem, view } from './fake-flow.js';
import { completed, consent, passwordLogin, pinResult } from './views.js';

const requestUri = document.querySelector('api-link-auth-flow')?.getAttribute('request-uri');
const partner = `http://localhost:${location.port}`;
const outcome = (mode: 'query' | 'web_message') => (request: { body: unknown }) =>
  view(
    (request.body as { decision: string }).decision === 'allow'
      ? completed(
          mode,
          { code: 'code-123', state: 'state-abc', iss: location.origin },
          `${partner}/callback?from=bank`,
        )
      : completed(
          mode,
          { error: 'access_denied', state: 'state-abc', iss: location.origin },
          `${partner}/callback`,
        ),
  );

const scenarios: Record<string, () => FakeFlowServer> = {
  'urn:test:consent': () =>
    new FakeFlowServer(consent).on('POST /flow/consent', outcome('web_message')),
  // Shows the consent step only when the test presses 確認, so it can see it just shown.
  'urn:test:before-consent': () =>
    new FakeFlowServer(pinResult)
      .on('POST /flow/pins/confirm', view(consent))
      .on('POST /flow/consent', outcome('web_message')),
  'urn:test:redirect': () => new FakeFlowServer(consent).on('POST /flow/consent', outcome('query')),
  'urn:test:expired': () =>
    new FakeFlowServer(passwordLogin).on('POST /flow/login', problem(410, 'transaction_expired')),
};

scenarios[requestUri ?? '']?.().install();
