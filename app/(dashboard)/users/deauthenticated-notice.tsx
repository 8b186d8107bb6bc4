import { Alert } from '@/components/ui/alert';
import type { SearchParams } from '@/components/data-table/url-query';

/**
 * After "Deauthenticate" in the user inspector, the Users page is opened with `?deauthenticated=<who>`:
 * this says so. `who` is only shown as text.
 */
export function DeauthenticatedNotice({ searchParams }: { searchParams: SearchParams }) {
  const raw = searchParams.deauthenticated;
  const who = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 200);
  if (!who) return null;
  return (
    <div className="mb-4">
      <Alert tone="success">
        {who} was deauthenticated: a deauth event was sent and their tokens and data were deleted.
      </Alert>
    </div>
  );
}
