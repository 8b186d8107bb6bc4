import { createHash } from 'node:crypto';
import type { Person } from './records';
import { seeded } from './random';

/** The profile fields Heartbridge reads (see ../raw/profile.ts), as the Users Cloud `user` object would give them. */
export interface SimulatedProfile {
  _id: string;
  uuid: string;
  first_name: string;
  last_name: string;
  email: string;
  gender: 'male' | 'female';
  birthday: string;
  created_at: string;
}

/** One simulated CardioMood account: who signs in, whose data is generated, and whether it revoked access. */
export interface Account {
  username: string;
  password: string;
  person: Person;
  profile: SimulatedProfile;
  revoked: boolean;
}

const FIRST = {
  female: ['Anna', 'Sofia', 'Mia', 'Lea', 'Chloé', 'Emma', 'Noor', 'Yuki', 'Amara', 'Lucía'],
  male: ['Luca', 'Noah', 'Elias', 'Omar', 'Mateo', 'Jonas', 'Kenji', 'Arjun', 'Samuel', 'Théo'],
};
const LAST = ['Meier', 'Rossi', 'Dubois', 'Keller', 'Silva', 'Tanaka', 'Haddad', 'Novak', 'Schmid', 'Moreau'];
const DAY = 86_400_000;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const hex = (random: () => number, length: number) =>
  Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');

/** A generator seeded by a digest of `key`: names one letter apart still get unrelated values. */
const digestSeeded = (key: string) => seeded(createHash('sha256').update(key).digest('hex'));

/**
 * The account's fixed UTC offset (no daylight saving), from its name alone: one of the whole and
 * half hours between −8:00 and +9:00, so that accounts spread over zones on both sides of UTC.
 */
export function offsetFor(username: string): number {
  const halfHours = Math.floor(digestSeeded(`zone|${username}`)() * 35) - 16; // −16 … +18
  return halfHours * 30;
}

/** A profile that depends only on the username: the same account looks the same on every run. */
export function profileFor(username: string): SimulatedProfile {
  const random = digestSeeded(`profile|${username}`);
  const gender = random() < 0.5 ? 'female' : 'male';
  const first = pick(random, FIRST[gender]);
  const last = pick(random, LAST);
  const birthday = new Date(Date.UTC(1950, 0, 1) + Math.floor(random() * 55 * 365) * DAY).toISOString().slice(0, 10);
  const created = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 4 * 365 * 86_400) * 1000);
  const uuid = hex(random, 32).replace(/^(.{8})(.{4}).(.{3}).(.{3})(.{12})$/, '$1-$2-4$3-a$4-$5');
  return {
    _id: hex(random, 24),
    uuid,
    first_name: first,
    last_name: last,
    email: `${username}@example.com`,
    gender,
    birthday,
    created_at: created.toISOString().slice(0, 19).replace('T', ' '),
  };
}

export function makeAccount(username: string, password: string, seed: string): Account {
  return {
    username,
    password,
    person: { seed: `${seed}|${username}`, offsetMinutes: offsetFor(username) },
    profile: profileFor(username),
    revoked: false,
  };
}
