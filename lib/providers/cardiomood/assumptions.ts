/**
 * Every fact about CardioMood's data that its public documentation does not state, in one place.
 * Each is named, says where the guess comes from (tags as in ../shared/cardiomood-api.md), and can
 * be corrected from one live sample without touching the parsers or normalizers.
 */

/** `activity.distance` in a user summary is in kilometres [INFER: 5.9 beside 8,123 steps in the docs' example]. */
export const SUMMARY_DISTANCE_METERS_PER_UNIT = 1000;

/**
 * Summary slot `timestamp`s: seconds or milliseconds is not stated. The docs' example (1704096000) is in
 * seconds, raw records and CSV exports use milliseconds; a value above this bound is read as milliseconds.
 */
export const EPOCH_MILLISECONDS_ABOVE = 100_000_000_000;

/** Raw `energy_exp` is in small calories, per reporting period [SDK]; Terra wants kcal. */
export const ENERGY_EXP_CALORIES_PER_KCAL = 1000;

/** Raw `activity_type` codes [SDK: UNSPECIFIED 0, OTHER 1, WALK 2, RUN 4, CYCLE 6, REST 7]. */
export const ACTIVITY_TYPE = { unspecified: 0, other: 1, walk: 2, run: 4, cycle: 6, rest: 7 } as const;

/**
 * Raw sleep `sleep_state` codes: NOT FOUND anywhere. Assumed, after the SDK's summary durations
 * (awake, light, deep, REM): 0 unknown, 1 awake, 2 light, 3 deep, 4 REM.
 */
export const SLEEP_STATE = { unknown: 0, awake: 1, light: 2, deep: 3, rem: 4 } as const;

/** Sleep summary durations (`sleep_duration`, `awake_time`, `rem_time`, …) are in minutes [SDK: "int minutes"]. */
export const SLEEP_SUMMARY_SECONDS_PER_UNIT = 60;

/** Raw `rr` (or Android's `beats`) is one RR interval in milliseconds [APPDB, INFER]. */
export const RR_INTERVAL_UNIT = 'ms';

/** Raw temperature `temp1` is skin temperature and `temp2` core body temperature, both °C [APPDB, KB]. */
export const TEMPERATURE_FIELDS = { skin: 'temp1', core: 'temp2', ambient: 'temp_amb' } as const;

/** Stress slots' `si_n` is the stress index normalized to 0–100 [INFER from the iOS model's `si`/`si_n` pair]. */
export const STRESS_LEVEL_FIELD = 'si_n';

/** Quality scores run 0 (bad) to 4 (very good) [SDK]; samples below this are not used. */
export const MIN_SAMPLE_QUALITY = 2;

/** A worn bracelet reports `wearing` 4 [SDK]; below this a raw activity record holds no physiology. */
export const MIN_WEARING = 1;

/** A walk, run or ride is a run of same-type raw activity records at least this long, with gaps below the next. */
export const MIN_BOUT_SECONDS = 10 * 60;
export const MAX_BOUT_GAP_SECONDS = 3 * 60;

/** Raw activity records report every 60 seconds by default [SDK]. */
export const ACTIVITY_RECORD_SECONDS = 60;

/** A night is the sleep records between 12:00 on the day before and 12:00 on the day (local time). */
export const NIGHT_STARTS_AT_LOCAL_HOUR = 12;

/** Raw sleep records come every 30 s at night [SDK: "Sleep is 1/30 s at night"]: the night's last record lasts that long. */
export const SLEEP_RECORD_SECONDS = 30;
/** A record stands for at most this long; the rest of a longer gap to the next record is unmeasurable time. */
export const SLEEP_RECORD_MAX_GAP_SECONDS = 5 * 60;
/** Summary slots are one minute apart by default [SDK: Android `slotsIntervalSecs` default 60]. */
export const SUMMARY_SLOT_SECONDS = 60;

/**
 * CardioMood's access tokens are JWTs (tymon/jwt-auth [INFER]) whose `sub` claim is the user's id:
 * it is how a reconnection of the same CardioMood account is recognized. Without it, each
 * connection counts as a new account.
 */
export const USER_ID_CLAIM = 'sub';

/** CardioMood's real hosts [DOC]; the demo points both at the simulator. */
export const CARDIOMOOD_API_BASE = 'https://api.health.cloud.cardiomood.com';
export const CARDIOMOOD_AUTH_BASE = 'https://api.health.cloud.cardiomood.com';
