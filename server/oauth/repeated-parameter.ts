/**
 * The first parameter sent more than once, or undefined. Takes parameters as Hono parses a query
 * or a form, where a repeated name becomes an array of its values. Every name counts, known or
 * not: a second `request_uri` or `redirect_uri` that one layer reads and another ignores is how
 * parameter pollution slips a value past a check.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1 ("Request and response parameters MUST NOT be included more than once")
 */
export function repeatedParameter(parameters: Record<string, unknown>): string | undefined {
  return Object.keys(parameters).find((name) => {
    const value = parameters[name];
    return Array.isArray(value) && value.length > 1;
  });
}
