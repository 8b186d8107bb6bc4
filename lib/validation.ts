import { z } from 'zod';
import { Invalid } from './errors';

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address.' }));

export const Password = z
  .string()
  .min(10, { message: 'Passwords need at least 10 characters.' })
  .max(200, { message: 'Passwords are at most 200 characters.' });

/**
 * Parses `input` with `schema`, turning the first problem into an Invalid error. Our own messages are
 * sentences that say what is wrong (they end with a period); zod's generic ones get the field's name.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'input';
  const message = issue?.message ?? 'is invalid';
  throw Invalid(message.endsWith('.') ? message : `${field}: ${message}`, { field });
}
