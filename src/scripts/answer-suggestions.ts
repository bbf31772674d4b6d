// While a support request is typed, suggest help articles, answered community
// questions and known issues that may already solve it. Without JavaScript,
// the contact form's "Find answers first" button does the same on the server.
// Each link goes through /contact/open with the form's visit id, as the
// server-rendered ones do, so opening it counts as a deflection attempt.
// An open known issue shows its status and "Follow this issue instead": one
// click follows it (POST /contact/follow, the same form the button sends
// without JavaScript) and no request is sent; a request sent anyway is linked
// to the issue (the form's hidden knownIssueId).
import { deflectionLink } from '@/web/deflection-link';
import { fetchHits, onTypingPause, showLinks } from './suggest-while-typing';

const LABEL: Record<string, string> = { article: 'Article', question: 'Answered question', known_issue: 'Known issue' };

interface Hit {
  type: string;
  title: string;
  url: string;
  /** Known issues: their status, and the open ones their id. */
  status?: string;
  issueId?: number;
}

function followButton(hit: Hit & { issueId: number }): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'submit';
  button.formAction = '/contact/follow';
  button.formNoValidate = true;
  button.name = 'followIssue';
  button.value = String(hit.issueId);
  button.className = 'secondary follow-instead';
  button.append('Follow this issue instead');
  const hidden = document.createElement('span');
  hidden.className = 'visually-hidden';
  hidden.textContent = `: ${hit.title}`;
  button.append(hidden);
  return button;
}

/** Adds the known issues' status and follow button to the items showLinks made (same order as the hits). */
function decorate(list: HTMLElement, hits: Hit[]): void {
  [...list.children].forEach((item, i) => {
    const hit = hits[i];
    if (!hit || hit.type !== 'known_issue') return;
    item.classList.add('known-issue-suggestion');
    if (hit.status) {
      const status = document.createElement('span');
      status.className = 'muted small';
      status.textContent = ` · ${hit.status}`;
      item.append(status);
    }
    if (hit.issueId !== undefined) item.append(' ', followButton({ ...hit, issueId: hit.issueId }));
  });
}

class AnswerSuggestions extends HTMLElement {
  connectedCallback() {
    const subject = this.querySelector('input[name="subject"]');
    const description = this.querySelector('textarea[name="description"]');
    const section = this.querySelector('section.answer-suggestions');
    const list = section?.querySelector('ul');
    const form = this.closest('form');
    const visit = form?.querySelector('input[name="visit"]');
    const issueField = form?.querySelector('input[name="knownIssueId"]');
    if (!(subject instanceof HTMLInputElement) || !(description instanceof HTMLTextAreaElement) || !(section instanceof HTMLElement) || !list || !form) return;
    // Without the visit id (an older page), the links go straight to the answers.
    const href = (hit: { type: string; url: string }) => (visit instanceof HTMLInputElement && visit.value ? deflectionLink(visit.value, hit) : hit.url);
    onTypingPause([subject, description], 400, async (signal) => {
      const params = { subject: subject.value.trim(), description: description.value.trim().slice(0, 200) };
      if (params.subject.length < 4 && params.description.length < 4) return;
      const hits = await fetchHits<Hit>('/api/answer-suggestions', params, signal);
      if (!hits) return;
      showLinks(
        section,
        list,
        hits.map((hit) => ({ title: hit.title, url: href(hit), label: LABEL[hit.type], labelClass: `type-${hit.type}` })),
      );
      decorate(list, hits);
      // A request sent anyway is about the first open known issue suggested.
      if (issueField instanceof HTMLInputElement) issueField.value = String(hits.find((h) => h.issueId !== undefined)?.issueId ?? '');
    });
    section.addEventListener('click', (event) => {
      const button = (event.target as Element).closest('button[name="followIssue"]');
      if (!(button instanceof HTMLButtonElement)) return;
      event.preventDefault();
      void this.follow(form, section, button);
    });
  }

  /** One click: follow the issue, say what happened; no request is sent. Offline, the button posts the form as without JavaScript. */
  async follow(form: HTMLFormElement, section: HTMLElement, button: HTMLButtonElement): Promise<void> {
    const status = section.querySelector('[data-follow-status]');
    const email = form.querySelector('input[name="email"]');
    const data = new FormData(form);
    data.delete('attachments');
    data.set('followIssue', button.value);
    button.disabled = true;
    try {
      const response = await fetch('/contact/follow', { method: 'POST', body: data, headers: { Accept: 'application/json' } });
      const outcome = (await response.json()) as { ok: boolean; message: string; field?: string };
      if (status) status.textContent = outcome.message;
      if (outcome.ok) {
        button.replaceWith(Object.assign(document.createElement('span'), { className: 'badge', textContent: 'Following' }));
        return;
      }
      if (outcome.field === 'email' && email instanceof HTMLInputElement) {
        email.setAttribute('aria-invalid', 'true');
        email.focus();
      }
      button.disabled = false;
    } catch {
      button.disabled = false;
      form.requestSubmit(button);
    }
  }
}

customElements.define('answer-suggestions', AnswerSuggestions);
