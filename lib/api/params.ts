import { z } from 'zod';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Terra `user_id`: a UUID. Anything else is a 400 naming the parameter, before any lookup. */
export const UserId = (name = 'user_id') =>
  z
    .string({ message: `${name} is required.` })
    .regex(uuid, { message: `${name} must be a Terra user id (a UUID).` })
    .transform((value) => value.toLowerCase())
    .describe('Terra user ID (UUID)');

/** `true`/`false` as query strings carry them (also `1`/`0`); anything else is a 400. */
export const QueryBoolean = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { message: `${name} must be true or false.` })
    .transform((value) => value === 'true' || value === '1');

/** A whole number from a query string, inside [min, max]; anything else is a 400 saying the range. */
export const QueryInteger = (name: string, min: number, max: number) => {
  const message = `${name} must be a whole number from ${min} to ${max}.`;
  return z
    .string()
    .regex(/^-?\d{1,16}$/, { message })
    .transform(Number)
    .pipe(z.number().int().min(min, { message }).max(max, { message }));
};
