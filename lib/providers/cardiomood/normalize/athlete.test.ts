import { describe, expect, it } from 'vitest';
import { validateModel } from '@/lib/models/validate';
import { parseUserProfile } from '../raw/parse';
import { normalizeAthlete } from './athlete';

describe('Athlete', () => {
  it('maps a CardioMood profile to a valid Terra Athlete, and an empty one to empty fields', () => {
    const profile = parseUserProfile({
      uuid: 'fc745ed3-0000-4000-8000-000000000001',
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.test',
      gender: 'female',
      birthday: '1990-12-10',
      role: 'user',
    });
    const athlete = normalizeAthlete(profile);
    expect(validateModel('Athlete', athlete).errors).toEqual([]);
    expect(athlete).toMatchObject({
      provider_user_id: 'fc745ed3-0000-4000-8000-000000000001',
      first_name: 'Ada',
      date_of_birth: '1990-12-10',
      sex: 'female',
    });
    expect(validateModel('Athlete', normalizeAthlete(parseUserProfile({}))).valid).toBe(true);
  });

  it('refuses a malformed birthday with the field named', () => {
    expect(() => parseUserProfile({ birthday: '10/12/1990' })).toThrow('user profile: birthday expected a Y-m-d date');
  });
});
