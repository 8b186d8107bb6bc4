import { connectFromWidget } from '@/lib/connect/widget';
import { outcomeResponse } from '../../../outcome';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const provider = new URL(request.url).searchParams.get('provider') ?? '';
  return outcomeResponse(await connectFromWidget(id, provider));
}
