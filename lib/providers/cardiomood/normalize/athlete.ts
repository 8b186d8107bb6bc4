import type { Athlete } from '@/lib/models/terra';
import type { UserProfile } from '../raw/profile';

/** A CardioMood profile → Terra Athlete. `age` stays empty: it would need today's date, and normalizers have no clock. */
export function normalizeAthlete(profile: UserProfile): Athlete {
  return {
    provider_user_id: profile.uuid ?? profile._id ?? null,
    first_name: profile.first_name ?? null,
    last_name: profile.last_name ?? null,
    email: profile.email ?? null,
    gender: profile.gender ?? null,
    sex: profile.gender ?? null,
    date_of_birth: profile.birthday ?? null,
    country: profile.country ?? null,
    city: profile.city ?? null,
    account_creation_date: profile.created_at ?? null,
  };
}
