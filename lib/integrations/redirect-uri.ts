import { config } from '../config';

/** The redirect URI to register with CardioMood: where it sends end users back after consent. */
export function cardiomoodRedirectUri(): string {
  return `${config().publicUrl}/widget/callback/cardiomood`;
}
