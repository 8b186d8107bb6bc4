import type { Types } from '@garmin/fitsdk';

/** A Terra ActivityType as FIT's sport and sub-sport (strings of the FIT Profile); anything else is generic. */
const sports: Record<number, [sport: Types.Sport, subSport: Types.SubSport]> = {
  1: ['cycling', 'generic'],
  7: ['walking', 'generic'],
  8: ['running', 'generic'],
  14: ['cycling', 'handCycling'],
  15: ['cycling', 'mountain'],
  16: ['cycling', 'road'],
  17: ['cycling', 'spin'],
  18: ['cycling', 'indoorCycling'],
  25: ['fitnessEquipment', 'elliptical'],
  35: ['hiking', 'generic'],
  53: ['rowing', 'generic'],
  54: ['rowing', 'indoorRowing'],
  56: ['running', 'generic'],
  58: ['running', 'treadmill'],
  67: ['crossCountrySkiing', 'generic'],
  68: ['alpineSkiing', 'downhill'],
  73: ['snowboarding', 'generic'],
  80: ['training', 'strengthTraining'],
  82: ['swimming', 'generic'],
  83: ['swimming', 'lapSwimming'],
  84: ['swimming', 'openWater'],
  93: ['walking', 'generic'],
  95: ['walking', 'indoorWalking'],
  100: ['training', 'yoga'],
  114: ['hiit', 'generic'],
  133: ['running', 'indoorRunning'],
  149: ['running', 'trail'],
  150: ['cycling', 'gravelCycling'],
  152: ['eBiking', 'generic'],
  153: ['cycling', 'eBikeMountain'],
};

export function fitSport(terraType: unknown): { sport: Types.Sport; subSport: Types.SubSport } {
  const [sport, subSport] = (typeof terraType === 'number' && sports[terraType]) || (['generic', 'generic'] as const);
  return { sport, subSport };
}
