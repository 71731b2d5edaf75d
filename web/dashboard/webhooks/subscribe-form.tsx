import { useState } from 'preact/hooks';
import { THRESHOLD_METRICS } from '../../../shared/domain/webhooks/threshold-metrics.js';
import type { ApiError } from '../api/client.js';
import type { CreatedWebhook } from '../api/types.js';
import { FormError } from '../contents/form-error.js';
import { useDashboard } from '../context.js';
import { asApiError } from '../hooks/use-resource.js';
import { type Scope, type SubscribeFields, subscriptionBody } from './subscription-body.js';

const INITIAL: SubscribeFields = { url: '', metric: 'kFactor', gte: '1', minMatureLinks: '', scope: 'all', target: '' };

// Subscribes an endpoint to content.threshold_crossed for one threshold. The API refuses private
// and unresolvable targets; its issues appear beside the form.
export function SubscribeForm({ onSubscribed }: { onSubscribed: (webhook: CreatedWebhook) => void }) {
  const { client } = useDashboard();
  const [fields, setFields] = useState<SubscribeFields>(INITIAL);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const set = (name: keyof SubscribeFields) => (event: { currentTarget: { value: string } }) =>
    setFields((previous) => ({ ...previous, [name]: event.currentTarget.value }));

  async function subscribe(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const webhook = await client.createWebhook(subscriptionBody(fields));
      setFields(INITIAL);
      onSubscribed(webhook);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel subscribe" noValidate onSubmit={subscribe} aria-label="Subscribe a webhook">
      <h2>Subscribe</h2>
      <EndpointAndThreshold fields={fields} set={set} />
      <ScopeFields scope={fields.scope} target={fields.target} onScope={set('scope')} onTarget={set('target')} />
      <button type="submit" disabled={busy}>
        {busy ? 'Subscribing…' : 'Subscribe'}
      </button>
      <FormError error={error} />
    </form>
  );
}

type OnValue = (event: { currentTarget: { value: string } }) => void;

function EndpointAndThreshold({ fields, set }: { fields: SubscribeFields; set: (name: keyof SubscribeFields) => OnValue }) {
  return (
    <div class="form-row">
      <label class="wide">
        Endpoint URL
        <input name="url" type="url" value={fields.url} placeholder="https://hooks.example.com/ripple" onInput={set('url')} />
      </label>
      <label>
        Metric
        <select name="metric" value={fields.metric} onChange={set('metric')}>
          {THRESHOLD_METRICS.map((metric) => (
            <option value={metric}>{metric}</option>
          ))}
        </select>
      </label>
      <label>
        Threshold (≥)
        <input name="gte" type="number" step="any" value={fields.gte} onInput={set('gte')} />
      </label>
      <label>
        <span>
          Min. mature re-shares <span class="muted">(optional)</span>
        </span>
        <input
          name="minMatureLinks"
          title="Only once at least this many re-share links are mature (meaningful for K and its parts, docs/metrics.md)"
          type="number"
          min="0"
          step="1"
          value={fields.minMatureLinks}
          onInput={set('minMatureLinks')}
        />
      </label>
    </div>
  );
}

function ScopeFields({ scope, target, onScope, onTarget }: { scope: Scope; target: string; onScope: OnValue; onTarget: OnValue }) {
  return (
    <div class="form-row">
      <label>
        Scope
        <select name="scope" value={scope} onChange={onScope}>
          <option value="all">All contents</option>
          <option value="content">One content</option>
          <option value="campaign">One campaign</option>
        </select>
      </label>
      {scope !== 'all' && (
        <label>
          {scope === 'content' ? 'Content id' : 'Campaign name'}
          <input name="target" value={target} placeholder={scope === 'content' ? 'cnt_…' : 'spring-launch'} onInput={onTarget} />
        </label>
      )}
    </div>
  );
}
