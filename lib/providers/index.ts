/** The wearable providers Heartbridge connects to, by Terra resource name. */
export const providers = [{ resource: 'CARDIOMOOD', name: 'CardioMood' }] as const;
