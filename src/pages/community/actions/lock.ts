// Staff lock a question (no new answers, comments, votes or edits) or unlock it.
import { z } from 'zod';
import { setQuestionLocked } from '@/server/community/questions';
import { actionGet, idField, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'lock',
  schema: z.object({ questionId: idField, locked: z.enum(['true', 'false']) }),
  run: async ({ db, user, data }) => {
    await setQuestionLocked(db, user, data.questionId, data.locked === 'true');
    return {};
  },
});
export const GET = actionGet;
