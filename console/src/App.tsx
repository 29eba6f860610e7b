import { useEffect, useState } from 'react';
import { get, keys } from './api/client';
import type { Caller } from './api/types';
import { Loading } from './components/common';
import { Admin } from './pages/Admin';
import { DefinitionView, Definitions } from './pages/Definitions';
import { Execution } from './pages/Execution';
import { Executions } from './pages/Executions';
import { KnowledgeBase, KnowledgeBases } from './pages/KnowledgeBases';
import { Schedules } from './pages/Schedules';
import { SignIn } from './pages/SignIn';
import { Workflow } from './pages/Workflow';
import { Workflows } from './pages/Workflows';
import { href, useRoute } from './router';
import { SessionContext } from './session';

type Theme = 'light' | 'dark';

function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem('compozy.theme') as Theme | null)
    ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return [theme, () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem('compozy.theme', next);
    setTheme(next);
  }];
}

/** Where the platform's parts are (GET /api/v0): a trace store's address when it runs with tracing. */
interface ApiInfo {
  endpoints?: { traces?: string };
}

export function App() {
  const [caller, setCaller] = useState<Caller | null>(null);
  const [checking, setChecking] = useState(() => keys.get() !== null);
  const [tracesUrl, setTracesUrl] = useState<string>();
  const [theme, toggleTheme] = useTheme();
  const route = useRoute();

  useEffect(() => {
    if (keys.get()) {
      get<Caller>('/auth/me').then(setCaller, () => keys.clear()).finally(() => setChecking(false));
    }
    get<ApiInfo>('').then((info) => setTracesUrl(info.endpoints?.traces), () => undefined);
  }, []);

  const signOut = () => {
    keys.clear();
    setCaller(null);
  };
  if (checking) return <Loading what="the console" />;
  if (!caller) return <SignIn onSignedIn={setCaller} />;

  const [page, id, more] = route.parts;
  const nav = [
    ['workflows', 'Workflows'], ['executions', 'Executions'], ['schedules', 'Schedules'], ['knowledge', 'Knowledge'],
    ['definitions', 'Definitions'], ...(caller.role === 'admin' ? [['admin', 'Users and keys']] : []),
  ];
  return (
    <SessionContext.Provider value={{ caller, signOut }}>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <a className="brand" href={href('workflows')}>Compozy</a>
        <nav aria-label="Main">
          {nav.map(([path, title]) => (
            <a key={path} href={href(path)} aria-current={page === path ? 'page' : undefined}>{title}</a>
          ))}
        </nav>
        <div className="who">
          <span className={`role role-${caller.role}`} title={`key ${caller.key_id}`}>{caller.role}</span>
          <button className="link" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} mode`}>
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          <button className="link" onClick={signOut}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page === 'workflows' && !id && <Workflows />}
        {page === 'workflows' && id && <Workflow id={id} />}
        {page === 'executions' && !id && <Executions key={route.query.toString()} query={route.query} />}
        {page === 'executions' && id && <Execution id={id} tracesUrl={tracesUrl} />}
        {page === 'schedules' && <Schedules />}
        {page === 'knowledge' && !id && <KnowledgeBases />}
        {page === 'knowledge' && id && <KnowledgeBase id={id} />}
        {page === 'definitions' && !more && <Definitions kind={id} />}
        {page === 'definitions' && id && more && <DefinitionView kind={id} id={more} />}
        {page === 'admin' && caller.role === 'admin' && <Admin />}
        {!['workflows', 'executions', 'schedules', 'knowledge', 'definitions', 'admin'].includes(page ?? '') && (
          <p>There is no page here. <a href={href('workflows')}>See the workflows.</a></p>
        )}
      </main>
    </SessionContext.Provider>
  );
}
