/** What the signed-in account may do in a chamber, from the session (the server checks again regardless). */
import type { Permission } from '../domain/access.js';
import { useSession } from './api.js';

export function useCan(chamber: string, permission: Permission): boolean {
  const session = useSession().data;
  return session?.chambers.find((c) => c.code === chamber)?.permissions.includes(permission) ?? false;
}
