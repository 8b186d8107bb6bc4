import { z } from 'zod';
import { QueryBoolean, UserId } from '../api/params';
import { DateParam, instantOf } from './date-bounds';

/**
 * The query of `GET /activity|body|daily|sleep`: Terra's parameters, with `to_webhook` defaulting to
 * true (Terra's spec) and `with_samples` to false. `end_date` is exclusive and defaults to now.
 */
export const DataQuery = z
  .object({
    user_id: UserId(),
    start_date: DateParam('start_date'),
    end_date: DateParam('end_date').optional().describe('Exclusive; defaults to now'),
    to_webhook: QueryBoolean('to_webhook')
      .optional()
      .describe('Send the data to your destinations under a terra-reference instead of answering it (default true)'),
    with_samples: QueryBoolean('with_samples').optional().describe('Include detailed samples (default false)'),
  })
  .superRefine((query, context) => {
    if (query.end_date && instantOf(query.start_date) >= instantOf(query.end_date)) {
      context.addIssue({ code: 'custom', path: ['start_date'], message: 'start_date must be before end_date.' });
    }
  });

export type DataQuery = z.output<typeof DataQuery>;

/** The query of `GET /athlete`. */
export const AthleteQuery = z.object({
  user_id: UserId(),
  to_webhook: QueryBoolean('to_webhook')
    .optional()
    .describe('Send the profile to your destinations instead of answering it (default true)'),
});
