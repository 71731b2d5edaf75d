import type { ApiError } from '../api/client.js';

// An API refusal next to the form that caused it: each field's issue with its path (as the API
// names the field), or the message when the API gave no field.
export function FormError({ error }: { error: ApiError | null }) {
  if (!error) return null;
  const retry = error.retryable ? ' It is worth trying again in a moment.' : '';
  return (
    <div class="banner banner-error form-error" role="alert">
      <p>{error.issues.length > 0 ? 'Ripple refused this:' : `${error.message}${retry}`}</p>
      {error.issues.length > 0 && (
        <ul class="issues">
          {error.issues.map((issue) => (
            <li data-path={pathText(issue.path)}>
              {namesField(issue) && (
                <>
                  <code>{pathText(issue.path)}</code>{' '}
                </>
              )}
              {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// The field's path goes first, unless the API's message already begins with it ("url may not be…").
const namesField = (issue: ApiError['issues'][number]) =>
  issue.path !== undefined && issue.path.length > 0 && !issue.message.startsWith(`${pathText(issue.path)} `);

export const pathText = (path: readonly (string | number)[] | undefined) => (path ?? []).join('.');
