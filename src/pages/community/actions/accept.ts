// The asker accepts an answer.
import { z } from 'zod';
import { acceptAnswer } from '@/server/community/answers';
import { actionGet, idField, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'accept',
  schema: z.object({ answerId: idField }),
  keyOf: (a) => `answer-${a.answerId}`,
  run: async ({ db, user, site, data }) => {
    await acceptAnswer(db, site, user, data.answerId);
    return { anchor: `answer-${data.answerId}` };
  },
});
export const GET = actionGet;
