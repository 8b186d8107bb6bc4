import { z } from 'zod';
import { addDays, isCalendarDay } from '../data-requests/date-bounds';

/** The longest range the inspector charts, lists or exports at once: a year and a day. */
export const maxRangeDays = 366;
export const defaultRangeDays = 30;

const day = (field: 'from' | 'to') =>
  z
    .string({ message: `${field}: enter a date like 2025-01-31.` })
    .trim()
    .refine(isCalendarDay, { message: `${field}: enter a date like 2025-01-31.` });

/** The last `defaultRangeDays` days up to `now`'s UTC day, both ends included. */
export function defaultRange(now = new Date()) {
  const to = now.toISOString().slice(0, 10);
  return { from: addDays(to, 1 - defaultRangeDays), to };
}

/** The number of days in `[from, to]`, both included. */
export const daysIn = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

/** The range's fields of an input schema: local calendar days, `to` included. */
export const dayRangeFields = { from: day('from').optional(), to: day('to').optional() };

/**
 * Resolves a range in a schema's transform (`?from=2025-01-01&to=2025-01-31` is January): a missing
 * end takes the default; a reversed or over-long range is refused with a sentence.
 */
export function inDayRange<T extends { from?: string; to?: string }>(input: T, context: z.RefinementCtx) {
  const today = defaultRange().to;
  const to = input.to ?? (input.from && input.from > today ? input.from : today);
  const from = input.from ?? addDays(to, 1 - defaultRangeDays);
  if (from > to) {
    context.addIssue({
      code: 'custom',
      path: ['from'],
      message: 'The range starts after it ends: from must not be after to.',
    });
    return z.NEVER;
  }
  const days = daysIn(from, to);
  if (days > maxRangeDays) {
    context.addIssue({
      code: 'custom',
      path: ['to'],
      message: `A range spans at most ${maxRangeDays} days; this one spans ${days}.`,
    });
    return z.NEVER;
  }
  return { ...input, from, to };
}
