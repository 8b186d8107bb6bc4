import { HeartbridgeError } from '@/lib/errors';

/** Structurally broken raw data: names the source, the record and the field. */
export class RawDataError extends HeartbridgeError {
  constructor(
    readonly source: string,
    readonly record: number | null,
    readonly field: string,
    detail: string,
  ) {
    super('upstream', `CardioMood ${source}${record === null ? '' : ` record ${record}`}: ${field} ${detail}`, {
      source,
      record,
      field,
    });
  }
}
