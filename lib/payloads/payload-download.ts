import { z } from 'zod';
import type { Ctx } from '../context';
import { Invalid } from '../errors';
import { fhirBundle } from '../formats/fhir/bundle';
import { activityFitFile } from '../formats/fit/activity-file';
import { fitFileName } from '../formats/fit/file-name';
import { payloadsCsv, samplesCsv } from '../formats/payload-csv';
import { parseInput } from '../validation';
import { storedPayload } from './stored-payload';

export const downloadFormats = ['fhir', 'csv', 'samples.csv', 'fit'] as const;
export type DownloadFormat = (typeof downloadFormats)[number];

const Input = z.object({
  payloadId: z.string(),
  format: z.enum(downloadFormats, { message: 'Choose a format: fhir, csv, samples.csv or fit.' }),
});

const safe = (text: string) => text.replace(/[^\w.:+-]+/g, '_');

/**
 * One of the account's payloads as a file: its FHIR R4 Bundle, its summary CSV row, its samples CSV,
 * or (an activity) its FIT file. Another account's payload is "No such payload in this account".
 */
export async function payloadDownload({ ctx, input }: { ctx: Ctx; input: z.input<typeof Input> }) {
  const { payloadId, format } = parseInput(Input, input);
  const stored = await storedPayload({ ctx, input: { payloadId } });
  const user = { user_id: stored.userId, reference_id: stored.referenceId };
  const rows = [{ type: stored.type, payload: stored.payload, ids: { user_id: stored.userId } }];
  const base = safe(`${stored.type}-${stored.referenceId ?? stored.userId}-${stored.naturalKey}`);
  switch (format) {
    case 'fhir': {
      const bundle = fhirBundle({ type: stored.type, payloads: [stored.payload], user });
      return {
        filename: `${base}.fhir.json`,
        contentType: 'application/fhir+json',
        body: `${JSON.stringify(bundle, null, 2)}\n`,
      };
    }
    case 'csv':
      return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: payloadsCsv(rows, ['user_id']) };
    case 'samples.csv':
      return {
        filename: `${base}-samples.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: samplesCsv(rows, ['user_id']),
      };
    case 'fit':
      if (stored.type !== 'activity') throw Invalid('Only an activity has a FIT file.');
      return {
        filename: safe(fitFileName(stored.userId, stored.payload)),
        contentType: 'application/vnd.ant.fit',
        body: activityFitFile(stored.payload),
      };
  }
}
