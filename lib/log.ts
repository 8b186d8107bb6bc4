import pino from 'pino';
import { config } from './config';

/** Structured logs: one JSON line per request or job. */
export const log = pino({
  level: config().logLevel,
  base: { service: 'heartbridge' },
  timestamp: pino.stdTimeFunctions.isoTime,
});
