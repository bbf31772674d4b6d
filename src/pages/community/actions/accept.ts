// The asker accepts an answer.
import { z } from 'zod';
import { answerPermalink } from '@/server/community/answer-links';
import { acceptAnswer } from '@/server/community/answers';
import { actionGet, idField, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'accept',
  schema: z.object({ answerId: idField }),
  keyOf: (a) => `answer-${a.answerId}`,
  run: async ({ db, user, site, data }) => {
    await acceptAnswer(db, site, user, data.answerId);
    // Accepting moves the answer to the top of page 1: its permalink finds it.
    return { location: answerPermalink(data.answerId) };
  },
});
export const GET = actionGet;
