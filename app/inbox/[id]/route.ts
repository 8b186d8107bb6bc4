import { receiveInbox } from '@/lib/destinations/receive-inbox';

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return receiveInbox(request, (await params).id);
}
