/** Times as the flow and 連携サービス一覧 count and show them. */

export const DAY_MS = 86_400_000;

/** Japan has no daylight saving time: JST is UTC+9 all year, so a fixed offset is exact. */
const JST_OFFSET_MS = 9 * 3_600_000;

/** The JST calendar date (YYYY-MM-DD) of an instant: the day a customer in Japan reads. */
export function jstDate(epochMs: number): string {
  return new Date(epochMs + JST_OFFSET_MS).toISOString().slice(0, 10);
}
