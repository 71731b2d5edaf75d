import { useState } from 'preact/hooks';
import type { CreatedWebhook } from '../api/types.js';
import { useDashboard } from '../context.js';
import { PagesView } from '../webhooks/pages-view.js';
import { SigningSecret } from '../webhooks/signing-secret.js';
import { SubscribeForm } from '../webhooks/subscribe-form.js';
import { usePages } from '../webhooks/use-pages.js';
import { WebhookItem } from '../webhooks/webhook-item.js';

const PAGE_SIZE = 20;

// The workspace's webhook subscriptions (newest first, README "API"): subscribe, test, read the
// deliveries, delete.
export function WebhooksPage() {
  const { client } = useDashboard();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const webhooks = usePages((cursor) => client.listWebhooks({ cursor, limit: PAGE_SIZE }), []);
  return (
    <section class="webhooks-page">
      <h1>Webhooks</h1>
      <p class="muted">Ripple sends a signed content.threshold_crossed event to your endpoint once a content's report crosses a threshold.</p>
      <SubscribeForm
        onSubscribed={(webhook) => {
          setCreated(webhook);
          webhooks.reload();
        }}
      />
      {created && <SigningSecret webhook={created} onDismiss={() => setCreated(null)} />}
      <h2>Subscriptions</h2>
      <PagesView pages={webhooks} label="webhooks" empty="No webhook yet: subscribe above to be told when content goes viral">
        {(items) => (
          <ul class="webhook-list">
            {items.map((webhook) => (
              <WebhookItem key={webhook.id} webhook={webhook} onDeleted={() => webhooks.remove((item) => item.id === webhook.id)} onChanged={webhooks.reload} />
            ))}
          </ul>
        )}
      </PagesView>
    </section>
  );
}
