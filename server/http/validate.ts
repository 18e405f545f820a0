import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type * as z from 'zod';
import { OAuthError } from './oauth-error.js';
import { Problem } from './problem.js';

/** The first issue of a failed parse, as a short message that names the field, never its value. */
function describe(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
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

/** Validates an OAuth endpoint's input; a failure is RFC 6749 §5.2 `invalid_request`. */
export const validOAuthInput = <T extends z.ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw new OAuthError('invalid_request', describe(result.error));
  });
