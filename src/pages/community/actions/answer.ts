// Post an answer, or preview it: the preview renders the question page with
// the draft and its rendering, so it works without JavaScript.
import { z } from 'zod';
import { answerPermalink } from '@/server/community/answer-links';
import { postAnswer } from '@/server/community/answers';
import { renderUserMarkdown } from '@/server/markdown';
import { actionGet, idField, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'answer',
  schema: z.object({ questionId: idField, body: z.string().max(40_000), preview: z.string().optional() }),
  draftField: 'body',
  run: async ({ db, user, site, data }) => {
    if (data.preview !== undefined) return { draft: data.body, preview: renderUserMarkdown(data.body) };
    const { id } = await postAnswer(db, site, user, data.questionId, data.body);
    // The new answer sorts by its score among hundreds, maybe on another page: its permalink finds it.
    return { location: answerPermalink(id) };
  },
});
export const GET = actionGet;
