import type { PayloadType } from './upsert-payload';

/** The Terra data types Heartbridge makes payloads of, in the dashboard's order, with their schema names. */
export const payloadTypes = ['activity', 'body', 'daily', 'sleep', 'athlete'] as const satisfies readonly PayloadType[];

export const modelNameOf = {
  activity: 'Activity',
  body: 'Body',
  daily: 'Daily',
  sleep: 'Sleep',
  athlete: 'Athlete',
} as const satisfies Record<PayloadType, string>;

export function isPayloadType(value: unknown): value is PayloadType {
  return typeof value === 'string' && (payloadTypes as readonly string[]).includes(value);
}

export type { PayloadType };
