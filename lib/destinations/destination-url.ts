import type { destinations } from '@/db/schema';
import { config } from '../config';

type Destination = typeof destinations.$inferSelect;

/**
 * Where a destination receives: its URL, or for the built-in inbox Heartbridge's own `/inbox/<id>`,
 * so that inbox deliveries travel over real HTTP like any other receiver's.
 */
export function destinationUrl(destination: Destination): string {
  if (destination.kind === 'inbox') return `${config().publicUrl}/inbox/${destination.id}`;
  return String(destination.settings.url ?? '');
}
