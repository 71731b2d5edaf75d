import type { CreatedWebhook } from '../api/types.js';
import { CopyButton } from '../components/copy-button.js';

// The signing secret exists in POST /v1/webhooks's answer only: it is kept in this component's
// props and nowhere else, so once dismissed (or the page left) it is gone for good.
export function SigningSecret({ webhook, onDismiss }: { webhook: CreatedWebhook; onDismiss: () => void }) {
  return (
    <div class="panel signing-secret" role="status" data-created-webhook-id={webhook.id}>
      <h2>Subscribed: {webhook.url}</h2>
      <p>
        Its signing secret is shown <strong>once</strong>, now: it will not be shown again. Copy it to your endpoint's configuration to verify each event's{' '}
        <code>webhook-signature</code> header.
      </p>
      <p class="secret-line">
        <code class="secret">{webhook.secret}</code> <CopyButton value={webhook.secret} label="Copy signing secret" />
      </p>
      <button type="button" class="secondary small" onClick={onDismiss}>
        I have stored it
      </button>
    </div>
  );
}
