import { MIN_SAMPLE_QUALITY, MIN_WEARING } from '../assumptions';

/** Whether the armband was on (records without `wearing` count as worn). */
export const worn = (record: { wearing?: number | null }) => (record.wearing ?? MIN_WEARING) >= MIN_WEARING;

/** Whether a reading's quality score is good enough to use (readings without one are used). */
export const good = (quality: number | null | undefined) => (quality ?? MIN_SAMPLE_QUALITY) >= MIN_SAMPLE_QUALITY;
