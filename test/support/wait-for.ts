// Waiting on something another process or server does, bounded: poll a condition every 20 ms until it
// holds or the bound passes. Tests wait for the event they need, never for a guessed number of ms.

/** True as soon as `check()` holds; false when it still does not after `ms`. */
export async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}
