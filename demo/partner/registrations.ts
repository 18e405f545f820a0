import { partners } from '../bank-data.js';
import { BANK, type PartnerClient } from './bank-client.js';
import { clientSecretBasic, privateKeyJwt } from './client-authentication.js';

/**
 * The partner's registrations at the bank, as its backend holds them: a bank-issued secret for
 * the basic partners, and for `demo-fapi` the private key in keys/ (a demo key: keys/README.md).
 */
const clients = new Map<string, PartnerClient>(
  partners.map(({ clientId, profile, authentication }) => [
    clientId,
    {
      clientId,
      authentication:
        authentication.method === 'client_secret_basic'
          ? clientSecretBasic(clientId, authentication.secret)
          : privateKeyJwt(
              clientId,
              BANK,
              new URL(`./keys/${clientId}.private.jwk.json`, import.meta.url),
            ),
      dpop: profile === 'fapi2',
    },
  ]),
);

/** The registration a page asked for, or 「かんたん家計簿」's own (demo-kakeibo). */
export const partnerClient = (clientId: string | undefined): PartnerClient =>
  clients.get(clientId ?? '') ?? clients.get('demo-kakeibo')!;
