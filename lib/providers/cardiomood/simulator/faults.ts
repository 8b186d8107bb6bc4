import { z } from 'zod';
import { seeded } from './random';

const rate = z.number().min(0).max(1);

/** Switches for the failures a connector must survive. All off by default. */
export const FaultsInput = z.strictObject({
  /** Share (0..1) of API answers replaced by a 500. */
  errorRate: rate.optional(),
  /** Milliseconds added before every API answer. */
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  /** Share of API answers whose body is not valid JSON (the HTTP message itself is complete). */
  malformedRate: rate.optional(),
  /** Share of API answers cut in the middle: the connection closes before the announced length. */
  truncatedRate: rate.optional(),
  /** While on, every API call is answered 429. */
  rateLimitStorm: z.boolean().optional(),
});
export type Faults = Required<z.infer<typeof FaultsInput>>;

export const NO_FAULTS: Faults = {
  errorRate: 0,
  latencyMs: 0,
  malformedRate: 0,
  truncatedRate: 0,
  rateLimitStorm: false,
};

export type Fault = 'error' | 'truncated' | 'malformed' | null;

/**
 * The fault switches and a seeded generator. Setting faults restarts the generator, so that a test
 * which sets the same faults on the same seed sees the same calls fail, in the same order.
 */
export class FaultSwitch {
  private current: Faults = { ...NO_FAULTS };
  private random: () => number;

  constructor(private readonly seed: string) {
    this.random = seeded(`${seed}|faults`);
  }

  get value(): Faults {
    return { ...this.current };
  }

  set(input: Partial<Faults>): Faults {
    this.current = { ...this.current, ...FaultsInput.parse(input) };
    this.random = seeded(`${this.seed}|faults`);
    return this.value;
  }

  /** Which fault, if any, strikes this API answer. Three draws a call, whichever faults are on. */
  draw(): Fault {
    const [error, truncated, malformed] = [this.random(), this.random(), this.random()];
    if (error < this.current.errorRate) return 'error';
    if (truncated < this.current.truncatedRate) return 'truncated';
    if (malformed < this.current.malformedRate) return 'malformed';
    return null;
  }
}

/** A JSON body made invalid: the closing bracket replaced by a dangling comma. */
export const malformed = (body: string) => `${body.slice(0, -1)},`;
