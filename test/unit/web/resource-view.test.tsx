import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../web/dashboard/api/client.js';
import { ResourceView } from '../../../web/dashboard/components/resource-view.js';
import type { Resource } from '../../../web/dashboard/hooks/use-resource.js';

const host = document.createElement('div');
afterEach(() => render(null, host));

const show = (resource: Resource<string>) =>
  act(() =>
    render(
      <ResourceView resource={resource} label="the report">
        {(value) => <p>value: {value}</p>}
      </ResourceView>,
      host,
    ),
  );

describe('ResourceView', () => {
  it('says what is loading', () => {
    show({ status: 'loading', reload: () => undefined });
    expect(host.querySelector('[role=status]')?.textContent).toBe('Loading the report…');
  });

  it('shows a 503 as a banner with Retry, never a blank page', () => {
    const reload = vi.fn();
    show({ status: 'error', error: new ApiError(503, 'unavailable', 'Ripple is briefly unavailable.'), reload });

    const banner = host.querySelector('[role=alert]');
    expect(banner?.textContent).toContain('Ripple is briefly unavailable. It is worth trying again in a moment.');
    act(() => (banner?.querySelector('button') as HTMLButtonElement | null)?.click());
    expect(reload).toHaveBeenCalledOnce();
  });

  it('shows a client error as it is, and the value once ready', () => {
    show({ status: 'error', error: new ApiError(404, 'not_found', 'No content with this id'), reload: () => undefined });
    expect(host.querySelector('.banner-error')?.textContent).toContain('No content with this id');

    show({ status: 'ready', value: 'K 1.2', reload: () => undefined });
    expect(host.textContent).toBe('value: K 1.2');
  });
});
