// While a support request is typed, suggest help articles and answered
// community questions that may already solve it. Without JavaScript, the
// contact form's "Find answers first" button does the same on the server.
import { fetchHits, onTypingPause, showLinks } from './suggest-while-typing';

const LABEL: Record<string, string> = { article: 'Article', question: 'Answered question', known_issue: 'Known issue' };

class AnswerSuggestions extends HTMLElement {
  connectedCallback() {
    const subject = this.querySelector('input[name="subject"]');
    const description = this.querySelector('textarea[name="description"]');
    const section = this.querySelector('section.answer-suggestions');
    const list = section?.querySelector('ul');
    if (!(subject instanceof HTMLInputElement) || !(description instanceof HTMLTextAreaElement) || !(section instanceof HTMLElement) || !list) return;
    onTypingPause([subject, description], 400, async (signal) => {
      const params = { subject: subject.value.trim(), description: description.value.trim().slice(0, 200) };
      if (params.subject.length < 4 && params.description.length < 4) return;
      const hits = await fetchHits<{ type: string; title: string; url: string }>('/api/answer-suggestions', params, signal);
      if (hits)
        showLinks(
          section,
          list,
          hits.map((hit) => ({ title: hit.title, url: hit.url, label: LABEL[hit.type], labelClass: `type-${hit.type}` })),
        );
    });
  }
}

customElements.define('answer-suggestions', AnswerSuggestions);
