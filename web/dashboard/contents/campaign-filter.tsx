import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../router.js';

// The campaign filter lives in the URL (?campaign=), so a filtered list can be bookmarked; a new
// filter starts again from the first page.
export function CampaignFilter({ campaign }: { campaign: string | undefined }) {
  const [value, setValue] = useState(campaign ?? '');
  useEffect(() => setValue(campaign ?? ''), [campaign]);
  const apply = (event: Event) => {
    event.preventDefault();
    const name = value.trim();
    navigate(name === '' ? { page: 'contents' } : { page: 'contents', campaign: name });
  };
  return (
    <form class="form-row campaign-filter" role="search" onSubmit={apply}>
      <label>
        Filter by campaign
        <input name="campaign-filter" value={value} placeholder="any" onInput={(event) => setValue(event.currentTarget.value)} />
      </label>
      <button type="submit">Apply</button>
      <button
        type="button"
        class="secondary"
        disabled={campaign === undefined && value === ''}
        onClick={() => {
          setValue('');
          navigate({ page: 'contents' });
        }}
      >
        Clear
      </button>
    </form>
  );
}
