// Reopen a closed question.
import { z } from 'zod';
import { reopenQuestion } from '@/server/community/questions';
import { actionGet, idField, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'reopen',
  schema: z.object({ questionId: idField }),
  run: async ({ db, user, data }) => {
    await reopenQuestion(db, user, data.questionId);
    return {};
  },
});
export const GET = actionGet;
