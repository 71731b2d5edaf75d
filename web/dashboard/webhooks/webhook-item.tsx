import { useState } from 'preact/hooks';
import type { ApiError } from '../api/client.js';
import type { WebhookView } from '../api/types.js';
import { ErrorBanner } from '../components/resource-view.js';
import { useDashboard } from '../context.js';
import { asApiError } from '../hooks/use-resource.js';
import { DeliveryLog } from './delivery-log.js';
import { type TestResult, TestOutcome } from './test-outcome.js';
import { WebhookFacts, WebhookStatus } from './webhook-facts.js';

// One subscription: what it watches, and its actions (a test event, its deliveries, delete).
export function WebhookItem({ webhook, onDeleted, onChanged }: { webhook: WebhookView; onDeleted: () => void; onChanged: () => void }) {
  const { client } = useDashboard();
  const [busy, setBusy] = useState<'test' | 'delete' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<TestResult | null>(null);
  const [open, setOpen] = useState(false);
  const [version, setVersion] = useState(0);

  async function act<T>(kind: 'test' | 'delete', call: () => Promise<T>, done: (value: T) => void) {
    setBusy(kind);
    setError(null);
    try {
      done(await call());
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(null);
    }
  }
  const sendTest = () =>
    act(
      'test',
      () => client.testWebhook(webhook.id),
      (answer) => {
        setResult(answer);
        setVersion((count) => count + 1);
        if (answer.attempt?.outcome === 'gone') onChanged();
      },
    );
  const remove = () => {
    if (!window.confirm(`Delete the webhook to ${webhook.url}? Ripple stops sending it events; this cannot be undone.`)) return;
    void act('delete', () => client.deleteWebhook(webhook.id), onDeleted);
  };

  return (
    <li class="panel webhook" data-webhook-id={webhook.id}>
      <div class="webhook-head">
        <code class="webhook-url">{webhook.url}</code>
        <WebhookStatus webhook={webhook} />
      </div>
      <WebhookFacts webhook={webhook} />
      <div class="form-row webhook-actions">
        <button
          type="button"
          class="secondary small"
          disabled={busy !== null || webhook.status !== 'active'}
          title={webhook.status === 'active' ? undefined : 'A disabled webhook cannot be tested'}
          onClick={sendTest}
        >
          {busy === 'test' ? 'Sending…' : 'Send test'}
        </button>
        <button type="button" class="secondary small" aria-expanded={open} onClick={() => setOpen(!open)}>
          Deliveries
        </button>
        <button type="button" class="secondary small danger" disabled={busy !== null} onClick={remove}>
          {busy === 'delete' ? 'Deleting…' : 'Delete'}
        </button>
      </div>
      {error && <ErrorBanner message={error.message} retryable={error.retryable} />}
      {result && <TestOutcome result={result} />}
      {open && <DeliveryLog webhookId={webhook.id} version={version} />}
    </li>
  );
}
