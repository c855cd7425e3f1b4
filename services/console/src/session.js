// @ts-check
/**
 * The signed-in session: the admin token the user typed and the account being edited. Kept in
 * sessionStorage only (gone when the tab closes, and on Sair); never in localStorage, a cookie or
 * the URL.
 */

const KEY = 'guru-vhsys-console.session';

/** @typedef {{ token: string, accountId: string, principal: string | null, operator: boolean, accounts: '*' | string[] | null }} Session */

/** @returns {Session | null} */
export function currentSession() {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw);
    return typeof value?.token === 'string' && typeof value?.accountId === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** @param {Session} session */
export function saveSession(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}
