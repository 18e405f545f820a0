/**
 * A small time-limited memo that lives as long as the Worker's isolate (many requests). For
 * reference data that changes by administration, not per request: reading it from D1 on every
 * flow step would cost a query each time for the same answer. A failed or empty load is not
 * kept, so a newly registered record is seen at once.
 */
export function isolateCache<T>(ttlMs: number, maxEntries = 1_000) {
  const entries = new Map<string, { value: Promise<T | null>; until: number }>();
  return (key: string, load: () => Promise<T | null>, now = Date.now()): Promise<T | null> => {
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value;
    if (entries.size >= maxEntries) entries.clear();
    const value = load();
    entries.set(key, { value, until: now + ttlMs });
    value.then(
      (loaded) => loaded === null && entries.delete(key),
      () => entries.delete(key),
    );
    return value;
  };
}
