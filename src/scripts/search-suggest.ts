// Header search suggestions: a small progressive enhancement of the plain
// search form (which keeps working without JavaScript). ARIA combobox pattern:
// arrow keys move through suggestions, Enter opens one, Escape closes.

interface Hit {
  type: 'article' | 'question' | 'known_issue';
  title: string;
  url: string;
}

const TYPE_LABEL: Record<Hit['type'], string> = { article: 'Article', question: 'Question', known_issue: 'Known issue' };

class SearchSuggest extends HTMLElement {
  private input!: HTMLInputElement;
  private list!: HTMLUListElement;
  /** The options: links (role "option"), so a suggestion can also open in a new tab. */
  private items: HTMLAnchorElement[] = [];
  private active = -1;
  private timer: number | undefined;
  private controller: AbortController | undefined;

  connectedCallback() {
    const input = this.querySelector('input[type="search"]');
    if (!(input instanceof HTMLInputElement)) return;
    this.input = input;
    this.list = document.createElement('ul');
    this.list.id = `${input.id}-suggestions`;
    this.list.className = 'suggestions';
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', 'Suggestions');
    this.list.hidden = true;
    this.appendChild(this.list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', this.list.id);
    input.setAttribute('aria-expanded', 'false');
    input.addEventListener('input', () => this.schedule());
    input.addEventListener('keydown', (event) => this.onKey(event));
    input.addEventListener('blur', () => window.setTimeout(() => this.close(), 150));
  }

  private schedule() {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.fetchSuggestions(), 150);
  }

  private async fetchSuggestions() {
    const q = this.input.value.trim();
    if (q.length < 2) return this.close();
    this.controller?.abort();
    this.controller = new AbortController();
    try {
      const response = await fetch(`/api/search?${new URLSearchParams({ q, limit: '6' })}`, { signal: this.controller.signal });
      if (!response.ok) return this.close();
      const body = (await response.json()) as { hits: Hit[] };
      this.render(body.hits, q);
    } catch {
      // Aborted by a newer keystroke, or offline: the form still submits normally.
    }
  }

  private render(hits: Hit[], q: string) {
    this.list.replaceChildren();
    this.items = [];
    this.active = -1;
    const all = { type: 'article' as const, title: `See all results for “${q}”`, url: `/search?${new URLSearchParams({ q })}` };
    for (const [i, hit] of [...hits, all].entries()) {
      // The link itself is the option: an option holding a link would nest interactive controls.
      const item = document.createElement('li');
      item.setAttribute('role', 'none');
      const link = document.createElement('a');
      link.id = `${this.list.id}-${i}`;
      link.setAttribute('role', 'option');
      link.setAttribute('aria-selected', 'false');
      link.href = hit.url;
      link.tabIndex = -1;
      const title = document.createElement('span');
      title.className = 'suggestion-title';
      title.textContent = hit.title;
      link.appendChild(title);
      if (hit !== all) {
        const kind = document.createElement('span');
        kind.className = 'suggestion-type';
        kind.textContent = TYPE_LABEL[hit.type];
        link.prepend(kind);
      } else {
        link.className = 'see-all';
      }
      item.appendChild(link);
      this.list.appendChild(item);
      this.items.push(link);
    }
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  private move(delta: number) {
    if (this.items.length === 0) return;
    this.items[this.active]?.setAttribute('aria-selected', 'false');
    this.active = (this.active + delta + this.items.length) % this.items.length;
    const item = this.items[this.active]!;
    item.setAttribute('aria-selected', 'true');
    this.input.setAttribute('aria-activedescendant', item.id);
    item.scrollIntoView({ block: 'nearest' });
  }

  private onKey(event: KeyboardEvent) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (this.list.hidden) void this.fetchSuggestions();
      else this.move(1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      this.move(-1);
    } else if (event.key === 'Escape') {
      this.close();
    } else if (event.key === 'Enter' && this.active >= 0) {
      event.preventDefault();
      window.location.assign(this.items[this.active]!.href);
    }
  }

  private close() {
    if (!this.list) return;
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }
}

customElements.define('search-suggest', SearchSuggest);
