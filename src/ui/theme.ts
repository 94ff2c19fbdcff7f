/**
 * Light or dark: the system's choice (`prefers-color-scheme`, styles.css), unless the user picked
 * one in the account menu. The choice is a display preference of this device, kept in
 * localStorage (read synchronously at start, so the first paint has it) — never anything personal.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'fieldbook-theme';

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    // Storage refused (a private mode): the system's choice.
    return 'system';
  }
}

/** Puts the choice on the page (`<html data-theme>`), and keeps it for the next start. */
export function applyTheme(choice: ThemeChoice = storedTheme(), { keep = false }: { keep?: boolean } = {}): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  if (!keep) return;
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Not kept: it holds for this visit.
  }
}
