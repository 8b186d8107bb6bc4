import { widgetPage } from '@/lib/connect/widget';

export const metadata = { title: 'Connect your wearable' };

export default async function WidgetSessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const widget = await widgetPage(id);
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted p-6">
      <div className="w-full max-w-sm rounded-lg border border-border bg-card p-8 shadow-sm">
        {widget.ok ? (
          <>
            <h1 className="text-xl font-semibold">Connect your wearable</h1>
            <p className="mt-1 text-sm text-muted-foreground">
              {widget.appName} would like to read your health data. Choose your device to sign in and agree.
            </p>
            <ul className="mt-6 flex flex-col gap-3">
              {widget.providers.map((provider) => (
                <li key={provider}>
                  <a
                    href={`/widget/session/${widget.sessionId}/connect?provider=${provider}`}
                    className="flex h-11 items-center justify-center rounded-md bg-primary px-4 font-medium text-primary-foreground hover:opacity-90"
                  >
                    Connect {provider === 'CARDIOMOOD' ? 'CardioMood' : provider}
                  </a>
                </li>
              ))}
            </ul>
            {widget.providers.length === 0 && (
              <p role="alert" className="mt-6 text-sm text-danger">
                No device can be connected right now. Ask the app that sent you here.
              </p>
            )}
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold">Link unavailable</h1>
            <p role="alert" className="mt-2 text-sm text-muted-foreground">
              {widget.message}
            </p>
          </>
        )}
      </div>
    </main>
  );
}
