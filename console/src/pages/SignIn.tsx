import { useState, type FormEvent } from 'react';
import { get, keys } from '../api/client';
import type { Caller } from '../api/types';
import { Problem } from '../components/common';

/** Sign in with an API key: checked against the API, then kept in this tab's session storage only. */
export function SignIn({ onSignedIn }: { onSignedIn: (caller: Caller) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    keys.set(key.trim());
    try {
      onSignedIn(await get<Caller>('/auth/me'));
    } catch (err) {
      keys.clear();
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <form onSubmit={submit} className="card" aria-label="Sign in">
        <h1>Compozy console</h1>
        <label className="field" htmlFor="api-key">
          <span>API key</span>
          <input id="api-key" name="api-key" type="password" autoComplete="off" required value={key}
            onChange={(e) => setKey(e.target.value)} placeholder="cpzy_…" autoFocus />
        </label>
        <p className="muted">The key stays in this browser tab (session storage) and goes only to this server's API.</p>
        <Problem error={error} />
        <button type="submit" disabled={busy || key.trim() === ''}>Sign in</button>
      </form>
    </main>
  );
}
