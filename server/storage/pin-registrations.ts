/** Which of the customer's accounts have an inquiry PIN registered for API access. */
export async function registeredAccountIds(
  db: D1Database,
  customerId: string,
): Promise<Set<string>> {
  const { results } = await db
    .prepare('SELECT account_id FROM pin_registrations WHERE customer_id = ?')
    .bind(customerId)
    .all<{ account_id: string }>();
  return new Set(results.map((row) => row.account_id));
}
