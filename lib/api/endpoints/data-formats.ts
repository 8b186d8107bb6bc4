import type { DataFormat } from '../../data-requests/data-query';
import type { DataAnswer } from '../../data-requests/request-data';
import { Invalid } from '../../errors';
import { fhirBundle } from '../../formats/fhir/bundle';
import { activityFitFile } from '../../formats/fit/activity-file';
import { fitFileName } from '../../formats/fit/file-name';
import { payloadsCsv, samplesCsv } from '../../formats/payload-csv';

type Inline = Extract<DataAnswer, { kind: 'inline' }>;

export const mediaTypes = {
  fhir: 'application/fhir+json',
  csv: 'text/csv; charset=utf-8',
  fit: 'application/vnd.ant.fit',
} as const;

/** How many activities a FIT answer names in its refusal before "…". */
const named = 5;

/**
 * An inline answer in a format other than Terra JSON: FHIR (one Bundle of every payload), CSV (one
 * row per payload, or per sample with `with_samples`), FIT (the one activity of the range; several
 * are a 400 listing their start times, so the caller can ask for one by its start time).
 */
export function formattedAnswer(
  answer: Inline,
  format: Exclude<DataFormat, 'json'>,
  withSamples: boolean,
  headers: Record<string, string>,
): Response {
  const payloads = answer.payloads.map((text) => JSON.parse(text) as unknown);
  const userId = answer.user.user_id;
  if (format === 'fhir') {
    const bundle = fhirBundle({ type: answer.type, payloads, user: answer.user });
    return new Response(JSON.stringify(bundle), { headers: { 'content-type': mediaTypes.fhir, ...headers } });
  }
  if (format === 'csv') {
    const rows = payloads.map((payload) => ({ type: answer.type, payload, ids: { user_id: userId } }));
    const csv = withSamples ? samplesCsv(rows, ['user_id']) : payloadsCsv(rows, ['user_id']);
    return new Response(csv, { headers: { 'content-type': mediaTypes.csv, ...headers } });
  }
  const [only, ...more] = payloads;
  if (more.length) {
    const starts = payloads
      .slice(0, named)
      .map((p) => (p as { metadata?: { start_time?: string } }).metadata?.start_time);
    throw Invalid(
      `format: fit answers one activity and ${payloads.length} start in this range (${starts.join(', ')}${payloads.length > named ? ', …' : ''}): ask for one with start_date and end_date as unix timestamps around its start_time.`,
      { field: 'format' },
    );
  }
  const file = activityFitFile(only);
  return new Response(Buffer.from(file), {
    headers: {
      'content-type': mediaTypes.fit,
      'content-disposition': `attachment; filename="${fitFileName(userId, only).replace(/"/g, '')}"`,
      ...headers,
    },
  });
}
