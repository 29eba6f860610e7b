import { createContext, useContext } from 'react';
import type { Caller, Role } from './api/types';

/** Who is signed in: the key's caller, and what its role allows. */
export interface Session {
  caller: Caller;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('no session');
  return s;
}

const RANK: Record<Role, number> = { read: 0, write: 1, admin: 2 };

/** Whether the signed-in key's role covers {@code needed} (the API's rule: admin ⊃ write ⊃ read). */
export function useCan(needed: Role): boolean {
  return RANK[useSession().caller.role] >= RANK[needed];
}
