/**
 * An `error_description` as RFC 6749 §5.2 and RFC 6750 §3 allow it: "MUST NOT include characters
 * outside the set %x20-21 / %x23-5B / %x5D-7E", printable ASCII without `"` and `\`. Our own
 * descriptions are written within that set; this keeps one that quotes other text (a validation
 * message, a configured URL) within it too: `"` reads `'`, `\` reads `/`, and any other character
 * outside the set `?`. A client that checks the set (the OpenID Foundation's conformance suite
 * does) would otherwise reject the whole error response.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function errorDescription(text: string): string {
  return text
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '?');
}
