import { useState, type FormEvent } from 'react';
import { call, get, post } from '../api/client';
import type { KeyView, Role, User } from '../api/types';
import { Loading, Problem, Section, Time, useLoad } from '../components/common';

const ROLES: Role[] = ['read', 'write', 'admin'];

/** Users and their keys (admin keys only): create, change a role, revoke; a new key is shown once. */
export function Admin() {
  const users = useLoad((signal) => get<User[]>('/users?limit=200', signal), []);
  const [chosen, setChosen] = useState<string>();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('read');
  const [error, setError] = useState<unknown>();
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const user = await post<User>('/users', { email, role });
      setEmail('');
      setChosen(user.id);
      users.reload();
    } catch (err) {
      setError(err);
    }
  };
  const changeRole = async (user: User, to: Role) => {
    setError(undefined);
    try {
      await call('PATCH', `/users/${encodeURIComponent(user.id)}`, { role: to });
      users.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <h1>Users and keys</h1>
      <Problem error={error ?? users.error} />
      <div className="columns">
        <Section title="Users">
          <form className="toolbar" onSubmit={create} aria-label="New user">
            <label>Email <input type="email" name="email" required value={email} onChange={(e) => setEmail(e.target.value)} /></label>
            <label>Role
              <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => <option key={r}>{r}</option>)}
              </select>
            </label>
            <button type="submit">Add user</button>
          </form>
          {!users.data ? <Loading what="users" /> : (
            <table className="list">
              <thead><tr><th>User</th><th>Role</th><th>Since</th></tr></thead>
              <tbody>
                {users.data.map((u) => (
                  <tr key={u.id} aria-selected={u.id === chosen}>
                    <td><button className="link" onClick={() => setChosen(u.id)}>{u.email}</button></td>
                    <td>
                      <label className="visually-hidden" htmlFor={`role-${u.id}`}>Role of {u.email}</label>
                      <select id={`role-${u.id}`} value={u.role} onChange={(e) => changeRole(u, e.target.value as Role)}>
                        {ROLES.map((r) => <option key={r}>{r}</option>)}
                      </select>
                    </td>
                    <td><Time at={u.created_at} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
        {chosen && <Keys userId={chosen} email={users.data?.find((u) => u.id === chosen)?.email ?? chosen} />}
      </div>
    </>
  );
}

function Keys({ userId, email }: { userId: string; email: string }) {
  const list = useLoad((signal) => get<KeyView[]>(`/auth/keys?user_id=${encodeURIComponent(userId)}`, signal), [userId]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [expiresIn, setExpiresIn] = useState('');
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<unknown>();
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setCreated(undefined);
    try {
      const key = await post<{ key: string }>('/auth/keys', { user_id: userId, name: name || undefined, role: role || undefined,
        expires_in: expiresIn || undefined });
      setCreated(key.key);
      setName('');
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const revoke = async (k: KeyView) => {
    if (!confirm(`Revoke key ${k.prefix}…? Calls with it fail at once.`)) return;
    setError(undefined);
    try {
      await call('DELETE', `/auth/keys/${encodeURIComponent(k.id)}`);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Section title={`Keys of ${email}`}>
      <form className="toolbar" onSubmit={create} aria-label="New key">
        <label>Name <input name="key-name" value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>Role
          <select name="key-role" value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
            <option value="">the user's</option>
            {ROLES.map((r) => <option key={r}>{r}</option>)}
          </select>
        </label>
        <label>Expires in <input name="expires-in" placeholder="30d" value={expiresIn} onChange={(e) => setExpiresIn(e.target.value)} /></label>
        <button type="submit">Create key</button>
      </form>
      {created && (
        <div className="notice" role="status">
          The new key, shown this once: <code className="secret" data-testid="new-key">{created}</code>
          <button className="link" onClick={() => navigator.clipboard?.writeText(created)}>Copy</button>
        </div>
      )}
      <Problem error={error ?? list.error} />
      <table className="list">
        <thead><tr><th>Key</th><th>Name</th><th>Role</th><th>Last used</th><th>Expires</th><th /></tr></thead>
        <tbody>
          {list.data?.map((k) => (
            <tr key={k.id} className={k.revoked_at ? 'revoked' : undefined}>
              <td className="mono">{k.prefix}…</td>
              <td>{k.name ?? ''}</td>
              <td>{k.role ?? 'the user\'s'}</td>
              <td><Time at={k.last_used_at} /></td>
              <td><Time at={k.expires_at} /></td>
              <td>{k.revoked_at ? <>revoked <Time at={k.revoked_at} /></> : <button className="danger" onClick={() => revoke(k)}>Revoke</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
