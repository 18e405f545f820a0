/**
 * Revokes a grant at once, in one D1 batch: the grant is marked revoked (so every access and
 * refresh token of it fails its next use, since both are checked against their grant), its
 * tokens are marked revoked too, and an unredeemed code of it is used up, so that redeeming it
 * later reads as a replay. Answers whether the grant was live until now.
 */
export async function revokeGrant(db: D1Database, grantId: string, now: number): Promise<boolean> {
  const [revoked] = await db.batch<{ id: string }>([
    db
      .prepare(
        'UPDATE grants SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL RETURNING id',
      )
      .bind(now, grantId),
    db
      .prepare('UPDATE tokens SET revoked_at = ?1 WHERE grant_id = ?2 AND revoked_at IS NULL')
      .bind(now, grantId),
    db
      .prepare(
        'UPDATE authorization_codes SET used_at = ?1 WHERE grant_id = ?2 AND used_at IS NULL',
      )
      .bind(now, grantId),
  ]);
  return revoked.results.length > 0;
}
