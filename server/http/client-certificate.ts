/**
 * What Cloudflare's mTLS puts on the request as `request.cf.tlsClientAuth` (all strings).
 * @see https://developers.cloudflare.com/ssl/client-certificates/enable-mtls/
 */
interface TlsClientAuth {
  certPresented?: string;
  certVerified?: string;
  certRevoked?: string;
  certFingerprintSHA256?: string;
}

/**
 * The SHA-256 fingerprint of the client certificate, only when one was presented, the edge
 * verified it against the bank's CA and it is not revoked; null otherwise. A certificate that
 * fails any of the three names nobody.
 */
export function verifiedCertificateFingerprint(request: Request): string | null {
  const tls = (request.cf as { tlsClientAuth?: TlsClientAuth } | undefined)?.tlsClientAuth;
  if (!tls) return null;
  const trusted =
    tls.certPresented === '1' && tls.certVerified === 'SUCCESS' && tls.certRevoked === '0';
  return trusted && tls.certFingerprintSHA256 ? tls.certFingerprintSHA256 : null;
}
