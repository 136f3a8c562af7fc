import { parseDuration } from '../clock.ts';

/** Bad control input: answered 400 with this message, which names the field. */
export class ControlInputError extends Error {}

/**
 * `clock/advance`'s `by` as milliseconds: a duration (`"11m"`, `"1h30m"`) or a number of milliseconds, a
 * whole number and never negative. The clock goes back only through `clock/set`, which says where to.
 */
export function advanceBy(by: unknown): number {
  if (typeof by !== 'string' && typeof by !== 'number') {
    throw new ControlInputError('by: give {"by": "11m"} or {"by": <milliseconds>}');
  }
  let ms: number;
  try {
    ms = parseDuration(by);
  } catch (error) {
    throw new ControlInputError(`by: ${(error as Error).message}`);
  }
  if (!Number.isInteger(ms) || ms < 0) {
    throw new ControlInputError(
      `by: must be a whole, non-negative number of milliseconds, got ${JSON.stringify(by)}` +
        ' (to go back in time, use clock/set)',
    );
  }
  return ms;
}

/** An ISO 8601 date, with an optional time of day and offset: what `clock/set` documents. */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/i;

const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (year: number, month: number) =>
  month === 2 && leap(year) ? 29 : (DAYS[month - 1] as number);

/**
 * `clock/set`'s `to` as epoch milliseconds: an ISO 8601 date or date-time, or whole epoch milliseconds.
 * `Date.parse` rolls an impossible date over (`2030-02-30` becomes 2 March), which would put a test at a
 * date it did not ask for, so the calendar fields are checked first.
 */
export function setTo(to: unknown): number {
  if (typeof to === 'number') {
    if (!Number.isInteger(to)) throw new ControlInputError(`to: must be whole epoch milliseconds, got ${to}`);
    return to;
  }
  if (typeof to !== 'string') {
    throw new ControlInputError('to: give {"to": "2030-01-01T00:00:00Z"} or {"to": <epoch ms>}');
  }
  const fields = ISO_INSTANT.exec(to.trim());
  if (!fields) {
    throw new ControlInputError(
      `to: ${JSON.stringify(to)} is not an ISO 8601 date or date-time (e.g. "2030-01-01T00:00:00Z")`,
    );
  }
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = fields
    .slice(1)
    .map((f) => (f === undefined ? undefined : Number(f)));
  const impossible =
    (month as number) < 1 || (month as number) > 12
      ? 'there is no such month'
      : (day as number) < 1 || (day as number) > daysIn(year as number, month as number)
        ? `${fields[1]}-${fields[2]} has ${daysIn(year as number, month as number)} days`
        : hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59
          ? 'there is no such time of day'
          : undefined;
  if (impossible) throw new ControlInputError(`to: ${JSON.stringify(to)} is not a date: ${impossible}`);
  // A date-time without an offset is read as UTC, as the emulator shows every time.
  const text = fields[4] !== undefined && !/(Z|[+-]\d{2}:?\d{2})$/i.test(to.trim()) ? `${to.trim()}Z` : to;
  return Date.parse(text.trim());
}
