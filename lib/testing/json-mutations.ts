import fc from 'fast-check';

/** One change to an answer: what a fuzz run does to the bytes CardioMood sent. */
export type Mutation = { kind: string; apply(text: string): Buffer | string; [fc.toStringMethod]?: () => string };

/** Values that break parsers and databases: extremes, wrong types, NUL, lone surrogates, deep nesting. */
export const awkwardJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    0,
    -1,
    -0.5,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 1,
    '',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '😀',
    '2024-02-30',
    '99:99',
    true,
    [],
    {},
    [null],
    { date: null },
  ),
  fc.double(),
  fc.integer(),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A position inside a JSON value, chosen by a walk of random numbers (cheap on a 30,000-record array). */
function walk(
  root: unknown,
  steps: number[],
): { parent: Record<string, unknown> | unknown[]; key: string | number } | null {
  let parent: Record<string, unknown> | unknown[] | null = null;
  let key: string | number = '';
  let node = root;
  for (const step of steps) {
    if (Array.isArray(node) && node.length) {
      parent = node;
      key = step % node.length;
    } else if (node && typeof node === 'object' && Object.keys(node).length) {
      const keys = Object.keys(node);
      parent = node as Record<string, unknown>;
      key = keys[step % keys.length] as string;
    } else break;
    node = (parent as Record<string | number, unknown>)[key];
  }
  return parent ? { parent, key } : null;
}

/** A mutation that prints as what it does, so that a counterexample can be read and replayed. */
const mutation = (kind: string, apply: Mutation['apply']): Mutation => ({
  kind,
  apply,
  [fc.toStringMethod]: () => `<${kind}>`,
});

const edit = (kind: string, change: (value: unknown) => unknown): Mutation =>
  mutation(kind, (text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return text;
    }
    return JSON.stringify(change(value));
  });

const steps = (maxLength: number) => fc.array(fc.nat(), { minLength: 1, maxLength });

/**
 * Structure-aware mutations of a JSON answer (a value replaced, a key dropped, a record doubled or
 * removed, the whole answer swapped for other JSON) and byte-level ones (truncated, garbage bytes,
 * invalid UTF-8). Most keep the answer JSON, so that they reach the parsers and normalizers.
 */
export const jsonMutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.tuple(steps(6), awkwardJsonValue).map(([at, replacement]) =>
      edit(`replace the value at ${JSON.stringify(at)} with ${fc.stringify(replacement)}`, (value) => {
        const found = walk(value, at);
        if (!found) return replacement;
        (found.parent as Record<string | number, unknown>)[found.key] = replacement;
        return value;
      }),
    ),
  },
  steps(6).map((at) =>
    edit(`drop the key or record at ${JSON.stringify(at)}`, (value) => {
      const found = walk(value, at);
      if (!found) return value;
      if (Array.isArray(found.parent)) found.parent.splice(Number(found.key), 1);
      else delete found.parent[found.key];
      return value;
    }),
  ),
  steps(4).map((at) =>
    edit(`double the record at ${JSON.stringify(at)}`, (value) => {
      const found = walk(value, at);
      if (found && Array.isArray(found.parent))
        found.parent.splice(Number(found.key), 0, found.parent[Number(found.key)]);
      return value;
    }),
  ),
  fc.jsonValue({ maxDepth: 3 }).map((other) => edit(`answer ${fc.stringify(other)} instead`, () => other)),
  fc
    .double({ min: 0, max: 1, noNaN: true })
    .map((share) => mutation(`truncate at ${share}`, (text) => text.slice(0, Math.floor(text.length * share)))),
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((bytes) =>
      mutation(`prefix the bytes ${Buffer.from(bytes).toString('hex')}`, (text) =>
        Buffer.concat([Buffer.from(bytes), Buffer.from(text)]),
      ),
    ),
  fc.constant(mutation('answer arrays nested 100,000 deep', () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`)),
);
