import type { WebhookView } from '../api/types.js';
import { Link } from '../components/link.js';
import { formatTime } from '../format.js';

type Threshold = WebhookView['thresholds'][number];

/** "kFactor ≥ 1 (once 10 re-shares are mature)": the threshold as stored, numbers unrounded. */
export function thresholdText(threshold: Threshold): string {
  const mature =
    threshold.minMatureLinks === undefined ? '' : ` (once ${threshold.minMatureLinks} re-share${threshold.minMatureLinks === 1 ? ' is' : 's are'} mature)`;
  return `${threshold.metric} ≥ ${threshold.gte}${mature}`;
}

// What a subscription watches and whether it still delivers.
export function WebhookFacts({ webhook }: { webhook: WebhookView }) {
  return (
    <dl class="webhook-facts">
      <dt>Events</dt>
      <dd>{webhook.events.join(', ')}</dd>
      <dt>Thresholds</dt>
      <dd>
        <ul class="thresholds">
          {webhook.thresholds.map((threshold) => (
            <li>{thresholdText(threshold)}</li>
          ))}
        </ul>
      </dd>
      <dt>Scope</dt>
      <dd data-scope={webhook.contentId !== null ? 'content' : webhook.campaign !== null ? 'campaign' : 'all'}>
        <WebhookScope webhook={webhook} />
      </dd>
      <dt>Created</dt>
      <dd>
        <time dateTime={webhook.createdAt}>{formatTime(webhook.createdAt)}</time>
      </dd>
    </dl>
  );
}

function WebhookScope({ webhook }: { webhook: WebhookView }) {
  if (webhook.contentId !== null) {
    return (
      <>
        content <Link to={{ page: 'content', contentId: webhook.contentId }}>{webhook.contentId}</Link>
      </>
    );
  }
  if (webhook.campaign !== null) {
    return (
      <>
        campaign <Link to={{ page: 'campaign', campaign: webhook.campaign }}>{webhook.campaign}</Link>
      </>
    );
  }
  return <>all contents</>;
}

/** Active, or disabled and why (a 410 from the endpoint, too many failures in a row). */
export function WebhookStatus({ webhook }: { webhook: WebhookView }) {
  if (webhook.status === 'active') return <span class="badge badge-active">active</span>;
  return (
    <span class="badge badge-disabled" title={webhook.disabledReason ?? undefined}>
      disabled{webhook.disabledReason ? `: ${webhook.disabledReason}` : ' (no reason given)'}
    </span>
  );
}
