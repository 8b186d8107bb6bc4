/** The Terra models and events Heartbridge produces, by schema file name. */
export const payloadModels = ['Activity', 'Body', 'Daily', 'Sleep', 'Athlete'] as const;
export const eventModels = [
  'ActivityEvent',
  'BodyEvent',
  'DailyEvent',
  'SleepEvent',
  'AthleteEvent',
  'AuthSuccessEvent',
  'AuthErrorEvent',
  'DeauthEvent',
  'UserReauthEvent',
  'AccessRevokedEvent',
  'ConnectionErrorEvent',
  'PermissionChangeEvent',
  'LargeRequestProcessingEvent',
  'LargeRequestSendingEvent',
] as const;
export const modelNames = [...payloadModels, 'TerraUser', ...eventModels] as const;
export type ModelName = (typeof modelNames)[number];
