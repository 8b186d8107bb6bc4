'use client';

import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, Input } from '@/components/ui/field';
import { saveCardiomoodAction } from './actions/save-cardiomood';
import { testCardiomoodAction } from './actions/test-cardiomood';

interface Settings {
  enabled: boolean;
  clientId: string;
  hasClientSecret: boolean;
  apiBaseUrl: string;
  authBaseUrl: string;
  pollIntervalMinutes: number;
  lookbackDays: number;
  rateLimitPerMinute: number;
  redirectUri: string;
  appSchemes: string[];
}

export function CardiomoodForm({ settings, canManage }: { settings: Settings; canManage: boolean }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string }>();

  function save(form: FormData) {
    const number = (name: string) => Number(form.get(name));
    startTransition(async () => {
      const result = await saveCardiomoodAction({
        enabled: form.get('enabled') === 'on',
        clientId: String(form.get('clientId') ?? ''),
        clientSecret: String(form.get('clientSecret') ?? ''),
        apiBaseUrl: String(form.get('apiBaseUrl') ?? ''),
        authBaseUrl: String(form.get('authBaseUrl') ?? ''),
        pollIntervalMinutes: number('pollIntervalMinutes'),
        lookbackDays: number('lookbackDays'),
        rateLimitPerMinute: number('rateLimitPerMinute'),
        appSchemes: String(form.get('appSchemes') ?? '')
          .split(',')
          .map((scheme) => scheme.trim())
          .filter(Boolean),
      });
      setMessage(
        result.ok ? { tone: 'success', text: 'CardioMood settings saved.' } : { tone: 'error', text: result.error },
      );
    });
  }

  function test() {
    startTransition(async () => {
      const result = await testCardiomoodAction();
      if (!result.ok) setMessage({ tone: 'error', text: result.error });
      else setMessage({ tone: result.data.ok ? 'success' : 'error', text: result.data.message });
    });
  }

  return (
    <Card
      title="CardioMood"
      description={
        <>
          The CardioMood armband, through CardioMood&apos;s Health Cloud (OAuth 2).{' '}
          {settings.enabled ? <Badge tone="success">enabled</Badge> : <Badge>disabled</Badge>}
        </>
      }
    >
      <div className="mb-5 flex flex-wrap items-center gap-2 rounded-md bg-muted p-3 text-sm">
        <span className="font-medium">Redirect URI to register with CardioMood:</span>
        <code className="font-mono">{settings.redirectUri}</code>
        <CopyButton value={settings.redirectUri} />
      </div>
      <form action={save} className="grid gap-4 md:grid-cols-2">
        <fieldset disabled={!canManage || pending} className="contents">
          <label className="flex items-center gap-2 text-sm font-medium md:col-span-2">
            <input type="checkbox" name="enabled" defaultChecked={settings.enabled} className="size-4" />
            Enable CardioMood for this account
          </label>
          <Field label="Client id" htmlFor="clientId">
            <Input id="clientId" name="clientId" defaultValue={settings.clientId} autoComplete="off" />
          </Field>
          <Field label="Client secret" htmlFor="clientSecret">
            <Input
              id="clientSecret"
              name="clientSecret"
              type="password"
              autoComplete="new-password"
              placeholder={settings.hasClientSecret ? 'saved (type to replace)' : 'not set'}
            />
          </Field>
          <Field label="API base URL" htmlFor="apiBaseUrl">
            <Input id="apiBaseUrl" name="apiBaseUrl" type="url" defaultValue={settings.apiBaseUrl} required />
          </Field>
          <Field label="Authorization base URL" htmlFor="authBaseUrl">
            <Input id="authBaseUrl" name="authBaseUrl" type="url" defaultValue={settings.authBaseUrl} required />
          </Field>
          <Field label="Poll every (minutes)" htmlFor="pollIntervalMinutes">
            <Input
              id="pollIntervalMinutes"
              name="pollIntervalMinutes"
              type="number"
              min={5}
              max={1440}
              defaultValue={settings.pollIntervalMinutes}
            />
          </Field>
          <Field label="Look back (days)" htmlFor="lookbackDays">
            <Input
              id="lookbackDays"
              name="lookbackDays"
              type="number"
              min={1}
              max={30}
              defaultValue={settings.lookbackDays}
            />
          </Field>
          <Field label="CardioMood rate limit (calls a minute)" htmlFor="rateLimitPerMinute">
            <Input
              id="rateLimitPerMinute"
              name="rateLimitPerMinute"
              type="number"
              min={1}
              defaultValue={settings.rateLimitPerMinute}
            />
          </Field>
          <Field label="App URL schemes allowed in redirect URLs (besides http and https)" htmlFor="appSchemes">
            <Input
              id="appSchemes"
              name="appSchemes"
              placeholder="myapp, com.example.app"
              defaultValue={settings.appSchemes.join(', ')}
            />
          </Field>
          {canManage && (
            <div className="flex items-end gap-2 md:col-span-2">
              <Button type="submit">Save</Button>
              <Button variant="secondary" onClick={test}>
                Test connection
              </Button>
            </div>
          )}
        </fieldset>
      </form>
      {message && (
        <div className="mt-4">
          <Alert tone={message.tone}>{message.text}</Alert>
        </div>
      )}
    </Card>
  );
}
