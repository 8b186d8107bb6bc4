import { z } from 'zod';
import { Invalid } from './errors';
import { unstorableText } from './storable-text';

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
 * sentences that say what is wrong (they end with a period); zod's generic ones get the field's name,
 * and so do ours with `nameField` (forms of many fields, where the sentence alone does not say which).
 * Text the database cannot keep (NUL, lone surrogates) and absurd nesting are refused first, by field.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: { nameField?: boolean } = {},
): z.output<S> {
  const unstorable = unstorableText(input);
  if (unstorable) {
    const field = unstorable.path.map(String).join('.') || 'input';
    throw Invalid(`${field}: ${unstorable.why}`, { field });
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'input';
  const message = issue?.message ?? 'is invalid';
  const named = message.startsWith(`${field}:`) || (message.endsWith('.') && !options.nameField);
  throw Invalid(named ? message : `${field}: ${message}`, { field });
}

/** A UUID as PostgreSQL's uuid type takes it: checked before a query, which would fail on anything else. */
export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
