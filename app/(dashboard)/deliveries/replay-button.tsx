'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { replayDeliveryAction } from './actions/replay-delivery';

export function ReplayButton({ deliveryId }: { deliveryId: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string>();
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="secondary"
        className="h-7 px-2 text-xs"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await replayDeliveryAction({ deliveryId });
            setMessage(result.ok ? 'queued' : result.error);
          })
        }
      >
        Replay
      </Button>
      {message && (
        <span role="status" className="text-xs text-muted-foreground">
          {message}
        </span>
      )}
    </span>
  );
}
