// While a question title is typed, show similar questions (from search) so the
// asker can find an existing answer. Without JavaScript, the "Find similar
// questions" button does the same on the server.

class SearchSimilar extends HTMLElement {
  private timer: number | undefined;

  connectedCallback() {
    const input = this.querySelector('input[name="title"]');
    const section = this.querySelector('section.similar');
    const list = section?.querySelector('ul');
    if (!(input instanceof HTMLInputElement) || !(section instanceof HTMLElement) || !list) return;
    input.addEventListener('input', () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(async () => {
        const q = input.value.trim();
        if (q.length < 4) return;
        try {
          const response = await fetch(`/api/search?${new URLSearchParams({ q, type: 'question', limit: '5' })}`);
          if (!response.ok) return;
          const { hits } = (await response.json()) as { hits: Array<{ title: string; url: string }> };
          list.replaceChildren(
            ...hits.map((hit) => {
              const item = document.createElement('li');
              const link = document.createElement('a');
              link.href = hit.url;
              link.target = '_blank';
              link.rel = 'noopener';
              link.textContent = hit.title;
              item.appendChild(link);
              return item;
            }),
          );
          section.hidden = hits.length === 0;
        } catch {
          // Offline or aborted: the server-side button still works.
        }
      }, 300);
    });
  }
}

customElements.define('search-similar', SearchSimilar);
