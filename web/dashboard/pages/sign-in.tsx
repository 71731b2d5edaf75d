import { useState } from 'preact/hooks';
import { Link } from '../components/link.js';

// Sign-in with a workspace API key. It never leaves this browser but to call the API.
export function SignIn({ notice, checking, onSignIn }: { notice: string | null; checking: boolean; onSignIn(key: string, remember: boolean): void }) {
  const [key, setKey] = useState('');
  const [remember, setRemember] = useState(false);
  return (
    <main class="sign-in">
      <h1>Ripple</h1>
      <p>
        Sign in with a workspace API key. On a local stack, <code>npm start</code> prints a link that signs you in.
      </p>
      {notice && (
        <p class="banner banner-error" role="alert">
          {notice}
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (key.trim()) onSignIn(key.trim(), remember);
        }}
      >
        <label>
          API key
          <input name="apiKey" type="password" autocomplete="off" required value={key} onInput={(event) => setKey(event.currentTarget.value)} />
        </label>
        <label class="inline">
          <input name="remember" type="checkbox" checked={remember} onChange={(event) => setRemember(event.currentTarget.checked)} />
          Remember me on this browser
        </label>
        <button type="submit" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      <p class="muted">
        Building on Ripple? Read the <Link to={{ page: 'api' }}>API reference</Link> (no key needed).
      </p>
    </main>
  );
}
