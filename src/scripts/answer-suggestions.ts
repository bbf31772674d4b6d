// While a support request is typed, suggest help articles and answered
// community questions that may already solve it. Without JavaScript, the
// contact form's "Find answers first" button does the same on the server.
// Each link goes through /contact/open with the form's visit id, as the
// server-rendered ones do, so opening it counts as a deflection attempt.
import { deflectionLink } from '@/web/deflection-link';
import { fetchHits, onTypingPause, showLinks } from './suggest-while-typing';

const LABEL: Record<string, string> = { article: 'Article', question: 'Answered question', known_issue: 'Known issue' };

class AnswerSuggestions extends HTMLElement {
  connectedCallback() {
    const subject = this.querySelector('input[name="subject"]');
    const description = this.querySelector('textarea[name="description"]');
    const section = this.querySelector('section.answer-suggestions');
    const list = section?.querySelector('ul');
    const visit = this.closest('form')?.querySelector('input[name="visit"]');
    if (!(subject instanceof HTMLInputElement) || !(description instanceof HTMLTextAreaElement) || !(section instanceof HTMLElement) || !list) return;
    // Without the visit id (an older page), the links go straight to the answers.
    const href = (hit: { type: string; url: string }) => (visit instanceof HTMLInputElement && visit.value ? deflectionLink(visit.value, hit) : hit.url);
    onTypingPause([subject, description], 400, async (signal) => {
      const params = { subject: subject.value.trim(), description: description.value.trim().slice(0, 200) };
      if (params.subject.length < 4 && params.description.length < 4) return;
      const hits = await fetchHits<{ type: string; title: string; url: string }>('/api/answer-suggestions', params, signal);
      if (hits)
        showLinks(
          section,
          list,
          hits.map((hit) => ({ title: hit.title, url: href(hit), label: LABEL[hit.type], labelClass: `type-${hit.type}` })),
        );
    });
  }
}

customElements.define('answer-suggestions', AnswerSuggestions);
