// An answer's permalink, for every link to an answer (notifications, the
// staff queue, redirects after an action): `/community/answers/<id>` sends the
// browser to the page of answers it is on now, which shifts as answers are
// voted, accepted and added. The anchor rides along, kept by the browser.

/** `/community/answers/<id>#answer-<id>`, or with another anchor on that page (`comment-<id>`). */
export function answerPermalink(answerId: number, anchor = `answer-${answerId}`): string {
  return `/community/answers/${answerId}#${anchor}`;
}
