// Close a question as a duplicate or off-topic.
import { z } from 'zod';
import { closeQuestion } from '@/server/community/questions';
import { actionGet, idField, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'close',
  schema: z.object({
    questionId: idField,
    reason: z.enum(['duplicate', 'off-topic']),
    duplicateOf: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .or(z.literal('').transform(() => undefined)),
  }),
  run: async ({ db, user, data }) => {
    await closeQuestion(db, user, data.questionId, { reason: data.reason, duplicateOfId: data.duplicateOf ?? null });
    return {};
  },
});
export const GET = actionGet;
