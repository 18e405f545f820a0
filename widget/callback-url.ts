import type { FlowOutcome } from '../server/flow/types.js';

/**
 * The partner callback for response_mode=query: the parameters join any query the registered
 * redirect URI already has (RFC 6749 §3.1.2, §4.1.2).
 */
export function callbackUrl({ redirectUri, params }: FlowOutcome): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return url.href;
}
