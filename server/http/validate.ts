import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type * as z from 'zod';
import { repeatedParameter } from '../oauth/repeated-parameter.js';
import { OAuthError } from './oauth-error.js';
import { Problem } from './problem.js';

/** The first issue of a failed parse, as a short message that names the field, never its value. */
function describe(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  return `${field}: ${issue?.message ?? 'invalid'}`;
}

/** Validates a flow-API input; a failure is a 400 problem and nothing runs. */
export const validFlowInput = <T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw new Problem(400, 'invalid_request', describe(result.error));
  });

/** @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1 */
function assertNoRepeatedParameter(parameters: Record<string, unknown>): void {
  const repeated = repeatedParameter(parameters);
  if (repeated !== undefined) {
    throw new OAuthError('invalid_request', `${repeated.slice(0, 64)}: must not be repeated.`);
  }
}

/**
 * Validates an OAuth endpoint's input; a failure is RFC 6749 §5.2 `invalid_request`, and so is a
 * repeated parameter, which is looked for before the schema drops the names it does not know.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2 (the token endpoint; PAR and revocation
 *   follow it)
 */
export const validOAuthInput = <T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) =>
  zValidator(
    target,
    schema,
    (result) => {
      if (!result.success) throw new OAuthError('invalid_request', describe(result.error));
    },
    {
      validationFunction: (schema, value) => {
        assertNoRepeatedParameter(value);
        // The library's default call; its result type cannot be related to a generic schema.
        return schema.safeParseAsync(value) as never;
      },
    },
  );
