import type { DeviceData } from '@/lib/models/terra';

/** The armband, as every CardioMood payload names it. */
export const cardiomoodDevice: DeviceData = { name: 'CardioMood armband', manufacturer: 'CardioMood' };
