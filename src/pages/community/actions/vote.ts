// Vote up or down on a question or answer, or undo your vote.
import { z } from 'zod';
import { answerPermalink } from '@/server/community/answer-links';
import { castVote } from '@/server/community/votes';
import { actionGet, postFields, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'vote',
  schema: z.object({ ...postFields, direction: z.enum(['up', 'down', 'none']) }),
  keyOf: (a) => `${a.postType}-${a.postId}`,
  run: async ({ db, user, data }) => {
    await castVote(db, user, { postType: data.postType, postId: data.postId }, data.direction);
    // A vote can move an answer across a page boundary: its permalink finds it.
    return data.postType === 'answer' ? { location: answerPermalink(data.postId) } : { anchor: '' };
  },
});
export const GET = actionGet;
