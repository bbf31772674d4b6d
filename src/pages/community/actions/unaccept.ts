// The asker takes back the accepted answer.
import { z } from 'zod';
import { unacceptAnswer } from '@/server/community/answers';
import { actionGet, idField, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'unaccept',
  schema: z.object({ questionId: idField }),
  run: async ({ db, user, data }) => {
    await unacceptAnswer(db, user, data.questionId);
    return {};
  },
});
export const GET = actionGet;
