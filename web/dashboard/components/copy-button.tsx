import { useState } from 'preact/hooks';

// Copies a value (a short URL, a secret) and says so for a moment.
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  return (
    <button
      type="button"
      class="secondary small"
      aria-label={`${label}: ${value}`}
      onClick={() =>
        navigator.clipboard.writeText(value).then(
          () => flash(setCopied, 'done'),
          () => flash(setCopied, 'failed'),
        )
      }
    >
      {copied === 'done' ? 'Copied' : copied === 'failed' ? 'Copy failed' : label}
    </button>
  );
}

function flash(set: (state: 'idle' | 'done' | 'failed') => void, state: 'done' | 'failed') {
  set(state);
  setTimeout(() => set('idle'), 1500);
}
