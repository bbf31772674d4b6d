// While a question title is typed, show similar questions (from search) so the
// asker can find an existing answer. Without JavaScript, the "Find similar
// questions" button does the same on the server.
import { fetchHits, onTypingPause, showLinks } from './suggest-while-typing';

class SearchSimilar extends HTMLElement {
  connectedCallback() {
    const input = this.querySelector('input[name="title"]');
    const section = this.querySelector('section.similar');
    const list = section?.querySelector('ul');
    if (!(input instanceof HTMLInputElement) || !(section instanceof HTMLElement) || !list) return;
    onTypingPause([input], 300, async (signal) => {
      const q = input.value.trim();
      if (q.length < 4) return;
      const hits = await fetchHits<{ title: string; url: string }>('/api/search', { q, type: 'question', limit: '5' }, signal);
      if (hits) showLinks(section, list, hits);
    });
  }
}

customElements.define('search-similar', SearchSimilar);
