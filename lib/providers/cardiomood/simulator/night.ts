import { SLEEP_STATE } from '../assumptions';
import { between } from './random';

export interface Stage {
  start: number; // epoch ms
  end: number;
  state: number;
}

const MINUTE = 60_000;

/**
 * A night in ~90-minute cycles: deep sleep long in the first cycles and shrinking, REM short at
 * first and growing, a few brief awakenings. `bedtime` and `wake` are epoch ms.
 */
export function nightStages(random: () => number, bedtime: number, wake: number): Stage[] {
  const stages: Stage[] = [];
  let at = bedtime;
  const push = (state: number, minutes: number) => {
    const end = Math.min(wake, at + Math.round(minutes) * MINUTE);
    if (end > at) stages.push({ start: at, end, state });
    at = end;
  };
  push(SLEEP_STATE.awake, between(random, 5, 20)); // falling asleep
  for (let cycle = 0; at < wake; cycle++) {
    const deep = Math.max(0, between(random, 35, 50) - cycle * 12);
    const rem = Math.min(40, between(random, 8, 14) + cycle * 7);
    push(SLEEP_STATE.light, between(random, 20, 35));
    if (deep > 3) push(SLEEP_STATE.deep, deep);
    push(SLEEP_STATE.light, between(random, 10, 20));
    push(SLEEP_STATE.rem, rem);
    if (random() < 0.35) push(SLEEP_STATE.awake, between(random, 1, 6));
  }
  return stages;
}
