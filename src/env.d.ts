/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    user: import('./server/accounts/sessions').SessionUser | null;
    session: import('./server/accounts/sessions').ValidSession | null;
    /** The signed-in user's unread notifications, counted once per request for the header. */
    unreadNotifications: number;
    /** A domain refusal the middleware turned into the refusal page (src/pages/403.astro). */
    problem?: { status: number; message: string };
    /** "Since your last visit", at the start of a member's visit (src/middleware.ts; rendered by BaseLayout). */
    sinceLastVisit?: import('./server/known-issues/since-last-visit').SinceLastVisitPanel;
    /** A question-page action that failed or previews, handed to the page it renders (src/web/question-actions.ts). */
    questionAction?: import('./web/question-actions').QuestionActionOutcome;
    /** "Follow this issue instead" refused (no email typed): the contact form, shown again with what was typed (src/pages/contact/follow.ts). */
    contactFollow?: import('./web/forms').FormState;
  }
}
