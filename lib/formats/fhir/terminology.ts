import type { CodeableConcept, Coding, Quantity } from '@medplum/fhirtypes';

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const DATA_ABSENT_REASON = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
/** Heartbridge's own codes: a Terra field path names what a value is where LOINC has no code for it. */
export const TERRA_FIELD = 'urn:heartbridge:terra-field';
export const TERRA_MODEL = 'urn:heartbridge:terra-model';
export const TERRA_ACTIVITY_TYPE = 'urn:heartbridge:terra-activity-type';
export const TERRA_SLEEP_LEVEL = 'urn:heartbridge:terra-sleep-level';
export const USER_ID = 'urn:heartbridge:user-id';
export const REFERENCE_ID = 'urn:heartbridge:reference-id';
export const SUMMARY_ID = 'urn:heartbridge:summary-id';

export type Category = 'vital-signs' | 'activity' | 'laboratory';

const loinc = (code: string, display: string): Coding => ({ system: LOINC, code, display });

/**
 * LOINC codes by Terra field (summary fields, and sample series by their array's path). Only codes whose
 * meaning matches the field exactly: LOINC has no RMSSD (80404-7 is SDNN), so RMSSD keeps only its Terra code.
 */
const loincByField: Record<string, Coding[]> = {
  'heart_rate_data.summary.avg_hr_bpm': [loinc('8867-4', 'Heart rate')],
  'heart_rate_data.summary.resting_hr_bpm': [loinc('40443-4', 'Heart rate --resting')],
  'heart_rate_data.detailed.hr_samples': [loinc('8867-4', 'Heart rate')],
  'heart_rate_data.summary.avg_hrv_sdnn': [
    loinc('80404-7', 'R-R interval.standard deviation (Heart rate variability)'),
  ],
  'heart_rate_data.detailed.hrv_samples_sdnn': [
    loinc('80404-7', 'R-R interval.standard deviation (Heart rate variability)'),
  ],
  'oxygen_data.avg_saturation_percentage': spo2(),
  'oxygen_data.saturation_samples': spo2(),
  'respiration_data.oxygen_saturation_data.avg_saturation_percentage': spo2(),
  'respiration_data.oxygen_saturation_data.samples': spo2(),
  'respiration_data.breaths_data.avg_breaths_per_min': [loinc('9279-1', 'Respiratory rate')],
  'respiration_data.breaths_data.samples': [loinc('9279-1', 'Respiratory rate')],
  'temperature_data.day_avg_body_temperature_celsius': [loinc('8310-5', 'Body temperature')],
  'temperature_data.body_temperature_samples': [loinc('8310-5', 'Body temperature')],
  'temperature_data.day_avg_skin_temperature_celsius': [loinc('39106-0', 'Temperature of Skin')],
  'temperature_data.skin_temperature_samples': [loinc('39106-0', 'Temperature of Skin')],
  'measurements_data.day_avg_weight_kg': [loinc('29463-7', 'Body weight')],
  'measurements_data.measurements[].weight_kg': [loinc('29463-7', 'Body weight')],
  'measurements_data.day_avg_height_cm': [loinc('8302-2', 'Body height')],
  'measurements_data.measurements[].height_cm': [loinc('8302-2', 'Body height')],
  'measurements_data.day_avg_bmi': [loinc('39156-5', 'Body mass index (BMI) [Ratio]')],
  'measurements_data.measurements[].BMI': [loinc('39156-5', 'Body mass index (BMI) [Ratio]')],
  'measurements_data.day_avg_bodyfat_percentage': [loinc('41982-0', 'Percentage of body fat Measured')],
  'measurements_data.measurements[].bodyfat_percentage': [loinc('41982-0', 'Percentage of body fat Measured')],
  'blood_pressure_data.day_avg_systolic_bp': [loinc('8480-6', 'Systolic blood pressure')],
  'blood_pressure_data.blood_pressure_samples[].systolic_bp': [loinc('8480-6', 'Systolic blood pressure')],
  'blood_pressure_data.day_avg_diastolic_bp': [loinc('8462-4', 'Diastolic blood pressure')],
  'blood_pressure_data.blood_pressure_samples[].diastolic_bp': [loinc('8462-4', 'Diastolic blood pressure')],
  'glucose_data.day_avg_blood_glucose_mg_per_dL': [loinc('2339-0', 'Glucose [Mass/volume] in Blood')],
  'glucose_data.day_avg_blood_glucose_mg_per_dl': [loinc('2339-0', 'Glucose [Mass/volume] in Blood')],
  'glucose_data.blood_glucose_samples': [loinc('2339-0', 'Glucose [Mass/volume] in Blood')],
  'glucose_data.detailed_blood_glucose_samples': [loinc('2339-0', 'Glucose [Mass/volume] in Blood')],
  'calories_data.total_burned_calories': [loinc('41981-2', 'Calories burned')],
  'calories_data.calorie_samples': [loinc('41981-2', 'Calories burned')],
  'distance_data.detailed.step_samples': [loinc('55423-8', 'Number of steps in unspecified time Pedometer')],
  'sleep_durations_data.asleep.duration_asleep_state_seconds': [loinc('93832-4', 'Sleep duration')],
  'sleep_durations_data.asleep.duration_deep_sleep_state_seconds': [loinc('93831-6', 'Deep sleep duration')],
  'sleep_durations_data.asleep.duration_light_sleep_state_seconds': [loinc('93830-8', 'Light sleep duration')],
  'sleep_durations_data.asleep.duration_REM_sleep_state_seconds': [loinc('93829-0', 'REM sleep duration')],
};

/** Codes that depend on the payload type: a Daily counts a whole day, an Activity one workout. */
const loincByTypeField: Record<string, Coding[]> = {
  'daily:distance_data.steps': [loinc('41950-7', 'Number of steps in 24 hour Measured')],
  'daily:distance_data.distance_meters': [loinc('55430-3', 'Walking distance unspecified time Pedometer')],
  'activity:distance_data.summary.steps': [loinc('55423-8', 'Number of steps in unspecified time Pedometer')],
  'activity:active_durations_data.activity_seconds': [loinc('55411-3', 'Exercise duration')],
};

function spo2(): Coding[] {
  return [
    loinc('2708-6', 'Oxygen saturation in Arterial blood'),
    loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
  ];
}

/** Body's heart fields sit under `heart_data.`; they mean what the same fields of the other types mean. */
const canonical = (path: string) => path.replace(/^heart_data\.(?=heart_rate_data\.)/, '');

/** A series is named by its value (`hr_samples[].bpm`); most codes are listed by the array alone. */
export function loincCodings(type: string, path: string): Coding[] {
  const field = canonical(path);
  const array = field.replace(/\[\]\.\w+$/, '');
  return loincByTypeField[`${type}:${field}`] ?? loincByField[field] ?? loincByField[array] ?? [];
}

/** The concept of a Terra field: its LOINC codings first (when any), then its Terra field path. */
export function fieldConcept(type: string, path: string, label: string): CodeableConcept {
  return { coding: [...loincCodings(type, path), { system: TERRA_FIELD, code: path, display: label }], text: label };
}

const laboratory = /^(glucose_data|ketone_data)\./;
const vitalSigns =
  /^(heart_rate_data|heart_data|respiration_data|blood_pressure_data|measurements_data|oxygen_data\.(avg_saturation|saturation_samples)|temperature_data\.(day_avg_(body|skin)|body_|skin_))/;

/** vital-signs for the body's functions, laboratory for blood chemistry, activity for the rest (and sleep). */
export function categoryOf(path: string): Category | undefined {
  if (laboratory.test(path)) return 'laboratory';
  if (vitalSigns.test(path)) return 'vital-signs';
  if (/ambient/.test(path)) return undefined;
  return 'activity';
}

export function categoryConcept(category: Category): CodeableConcept {
  const display = { 'vital-signs': 'Vital Signs', activity: 'Activity', laboratory: 'Laboratory' }[category];
  return { coding: [{ system: OBSERVATION_CATEGORY, code: category, display }] };
}

/** UCUM for the unit labels of the Terra field reference (`lib/payloads/fields`). */
const ucumByLabel: Record<string, [code: string, unit: string]> = {
  s: ['s', 's'],
  min: ['min', 'min'],
  bpm: ['/min', 'beats/minute'],
  '/min': ['/min', '/min'],
  rpm: ['/min', 'rpm'],
  m: ['m', 'm'],
  cm: ['cm', 'cm'],
  mm: ['mm', 'mm'],
  '%': ['%', '%'],
  kcal: ['kcal', 'kcal'],
  kJ: ['kJ', 'kJ'],
  'm/s': ['m/s', 'm/s'],
  'min/km': ['min/km', 'min/km'],
  'mL/min/kg': ['mL/min/kg', 'mL/min/kg'],
  'mg/dL': ['mg/dL', 'mg/dL'],
  g: ['g', 'g'],
  kg: ['kg', 'kg'],
  mL: ['mL', 'mL'],
  ms: ['ms', 'ms'],
  W: ['W', 'W'],
  '°C': ['Cel', '°C'],
  mmHg: ['mm[Hg]', 'mmHg'],
  N·m: ['N.m', 'N·m'],
  years: ['a', 'years'],
  µV: ['uV', 'µV'],
};

/** Fields whose unit the reference cannot read from the name: counts, scores, and a few in words. */
const unitByField: Array<[RegExp, string, string]> = [
  [/(^|\.)(avg_hrv_rmssd|avg_hrv_sdnn|hrv_rmssd|hrv_sdnn)$/, 'ms', 'ms'],
  [/(^|\.)steps$/, '{steps}', 'steps'],
  [/(^|\.)floors_climbed$/, '{floors}', 'floors'],
  [/(^|\.)(day_avg_bmi|BMI)$/, 'kg/m2', 'kg/m2'],
  [/(^|\.)temperature_data\.delta$/, 'Cel', '°C'],
  [/(^|\.)(gmi|time_in_range|sensor_usage|sleep_efficiency)$/, '%', '%'],
  [/(^|\.)(num_\w+|\w+_count|total_strokes)$/, '{count}', 'count'],
  [/^MET_data\..*level$/, '{MET}', 'MET'],
  [/^stress_data\..*level$/, '{score}', 'score'],
  [
    /(score|scores\.\w+|index|readiness|recovery_level|strain_level|stress_level|cheat_detection)(_v2)?$/,
    '{score}',
    'score',
  ],
];

/** A UCUM quantity for a field's value; a field with no known unit is dimensionless (`1`). */
export function quantity(path: string, unitLabel: string | null, value: number): Quantity {
  const [code, unit] = ucumFor(path, unitLabel);
  return { value, unit, system: UCUM, code };
}

export function ucumFor(path: string, unitLabel: string | null): [code: string, unit: string] {
  const byField = unitByField.find(([pattern]) => pattern.test(path));
  if (byField) return [byField[1], byField[2]];
  const known = unitLabel ? ucumByLabel[unitLabel] : undefined;
  return known ?? ['1', '1'];
}

export function absent(reason: 'unknown' | 'not-performed' | 'unsupported', why: string): CodeableConcept {
  const display = { unknown: 'Unknown', 'not-performed': 'Not Performed', unsupported: 'Unsupported' }[reason];
  return { coding: [{ system: DATA_ABSENT_REASON, code: reason, display }], text: why };
}
