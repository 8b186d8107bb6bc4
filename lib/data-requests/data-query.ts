import { z } from 'zod';
import { QueryBoolean, UserId } from '../api/params';
import { DateParam, instantOf } from './date-bounds';

/** Heartbridge's extension: the inline answer as Terra JSON (default), FHIR R4, CSV or a FIT file. */
export const dataFormats = ['json', 'fhir', 'csv', 'fit'] as const;
export type DataFormat = (typeof dataFormats)[number];

/**
 * The query of `GET /activity|body|daily|sleep`: Terra's parameters, with `to_webhook` defaulting to
 * true (Terra's spec; false when a `format` other than json is asked for, which only an inline answer
 * can take) and `with_samples` to false. `end_date` is exclusive and defaults to now.
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
    format: z
      .enum(dataFormats, { message: 'format must be json, fhir, csv or fit.' })
      .optional()
      .describe(
        'Heartbridge extension: json (Terra, default), fhir (a FHIR R4 Bundle), csv (one row per payload; with ' +
          'with_samples=true one row per sample) or fit (a FIT activity file, /activity only, one activity). ' +
          'Any format but json answers inline (to_webhook defaults to false).',
      ),
  })
  .superRefine((query, context) => {
    if (query.format && query.format !== 'json' && query.to_webhook === true) {
      context.addIssue({
        code: 'custom',
        path: ['format'],
        message: `format: ${query.format} is an inline answer: leave out to_webhook or set it to false (data sent to your destinations takes each destination's payload format).`,
      });
    }
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
