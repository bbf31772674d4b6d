// Staff mark an answer "Verified by staff", or take the mark back.
import { z } from 'zod';
import { setAnswerVerified } from '@/server/community/answers';
import { actionGet, idField, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'verify',
  schema: z.object({ answerId: idField, verified: z.enum(['true', 'false']) }),
  keyOf: (a) => `answer-${a.answerId}`,
  run: async ({ db, user, data }) => {
    await setAnswerVerified(db, user, data.answerId, data.verified === 'true');
    return { anchor: `answer-${data.answerId}` };
  },
});
export const GET = actionGet;
