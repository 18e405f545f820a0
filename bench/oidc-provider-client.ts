/** The one client registered with node-oidc-provider in the bench (oidc-provider-server.ts). */
export const OIDC_CLIENT = {
  clientId: 'bench-client',
  secret: 'bench-client-secret',
  redirectUri: 'http://localhost:8788/callback',
};
