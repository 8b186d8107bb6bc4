import type { Device, Patient } from '@medplum/fhirtypes';
import { stableUuid, urn } from './ids';
import { asRecord, at, text } from './read';
import { REFERENCE_ID, USER_ID } from './terminology';

/** The connection a payload belongs to, as Terra's `user` object names it. */
export interface ConnectionUser {
  user_id: string;
  reference_id?: string | null;
  active?: boolean | null;
}

export const patientId = (user: ConnectionUser) => stableUuid('patient', user.user_id);

const genders = new Map<string, Patient['gender']>([
  ['m', 'male'],
  ['male', 'male'],
  ['f', 'female'],
  ['female', 'female'],
  ['unknown', 'unknown'],
]);

const fhirDate = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])/;

/** The Patient of a connection: its user_id (and reference_id) as identifiers, filled from an Athlete when given. */
export function patientOf(user: ConnectionUser, athlete?: unknown): Patient {
  const patient: Patient = {
    resourceType: 'Patient',
    id: patientId(user),
    identifier: [
      { system: USER_ID, value: user.user_id },
      ...(text(user.reference_id) ? [{ system: REFERENCE_ID, value: String(user.reference_id) }] : []),
    ],
    ...(typeof user.active === 'boolean' ? { active: user.active } : {}),
  };
  const profile = asRecord(athlete);
  if (!profile) return patient;
  const given = text(profile.first_name);
  const family = text(profile.last_name);
  if (given || family) patient.name = [{ ...(family ? { family } : {}), ...(given ? { given: [given] } : {}) }];
  const sex = text(profile.sex) ?? text(profile.gender);
  if (sex) patient.gender = genders.get(sex.trim().toLowerCase()) ?? 'other';
  const born = text(profile.date_of_birth)?.slice(0, 10);
  if (born && fhirDate.test(born) && new Date(`${born}T00:00:00Z`).toISOString().startsWith(born))
    patient.birthDate = born;
  const email = text(profile.email);
  if (email) patient.telecom = [{ system: 'email', value: email }];
  const address = { city: text(profile.city), state: text(profile.state), country: text(profile.country) };
  const parts = Object.fromEntries(Object.entries(address).filter(([, v]) => v !== undefined));
  if (Object.keys(parts).length) patient.address = [parts];
  return patient;
}

/** The device of a payload's `device_data` (the armband), or none when the payload names none. */
export function deviceOf(payload: unknown, patient: string): Device | undefined {
  const data = asRecord(at(payload, 'device_data'));
  if (!data) return undefined;
  const name = text(data.name);
  const manufacturer = text(data.manufacturer);
  const serialNumber = text(data.serial_number);
  const versions = [
    ['software', text(data.software_version)],
    ['hardware', text(data.hardware_version)],
  ].flatMap(([kind, value]) => (value ? [{ type: { text: kind }, value }] : []));
  if (!name && !manufacturer && !serialNumber && !versions.length) return undefined;
  return {
    resourceType: 'Device',
    id: stableUuid('device', patient, manufacturer ?? '', name ?? '', serialNumber ?? ''),
    ...(manufacturer ? { manufacturer } : {}),
    ...(name ? { deviceName: [{ name, type: 'user-friendly-name' as const }] } : {}),
    ...(serialNumber ? { serialNumber } : {}),
    ...(versions.length ? { version: versions } : {}),
    patient: { reference: urn(patient) },
  };
}
