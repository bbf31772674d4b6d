// What the scripts that suggest answers while a form is typed share (similar
// questions while asking, answers on the contact form): wait for a pause in
// typing, fetch JSON hits (a newer pause cancels the older request), and show
// them as links that open in a new tab, so the form being typed stays put.
// The server renders the same list for the no-JavaScript button.

export interface SuggestedLink {
  title: string;
  url: string;
  /** A short kind shown before the title ("Article"), or none. */
  label?: string | undefined;
  /** Extra class of the label, e.g. "type-question". */
  labelClass?: string | undefined;
}

type Field = HTMLInputElement | HTMLTextAreaElement;

/** Calls `onPause` `delayMs` after the last keystroke in any of the fields. */
export function onTypingPause(fields: Field[], delayMs: number, onPause: (signal: AbortSignal) => Promise<void>): void {
  let timer: number | undefined;
  let controller: AbortController | undefined;
  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      controller?.abort();
      controller = new AbortController();
      onPause(controller.signal).catch(() => {
        // Aborted by newer typing, or offline: the form's own button still works.
      });
    }, delayMs);
  };
  for (const field of fields) field.addEventListener('input', schedule);
}

/** The `hits` of a JSON endpoint, or undefined when it did not answer. */
export async function fetchHits<T>(path: string, params: Record<string, string>, signal: AbortSignal): Promise<T[] | undefined> {
  const response = await fetch(`${path}?${new URLSearchParams(params)}`, { signal });
  if (!response.ok) return undefined;
  return ((await response.json()) as { hits: T[] }).hits;
}

/** Replaces the list's items with the links; the section shows only when there are some. */
export function showLinks(section: HTMLElement, list: HTMLElement, links: SuggestedLink[]): void {
  list.replaceChildren(
    ...links.map((link) => {
      const item = document.createElement('li');
      if (link.label) {
        const badge = document.createElement('span');
        badge.className = ['badge', link.labelClass].filter(Boolean).join(' ');
        badge.textContent = link.label;
        item.append(badge, ' ');
      }
      const anchor = document.createElement('a');
      anchor.href = link.url;
      anchor.target = '_blank';
      anchor.rel = 'noopener';
      anchor.textContent = link.title;
      item.appendChild(anchor);
      return item;
    }),
  );
  section.hidden = links.length === 0;
}
