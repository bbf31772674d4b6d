// Comment on a question or answer.
import { z } from 'zod';
import { addComment } from '@/server/community/comments';
import { actionGet, postFields, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'comment',
  schema: z.object({ ...postFields, comment: z.string().max(5000) }),
  keyOf: (a) => `${a.postType}-${a.postId}`,
  draftField: 'comment',
  run: async ({ db, user, site, data }) => {
    const { id } = await addComment(db, site, user, { postType: data.postType, postId: data.postId }, data.comment);
    return { anchor: `comment-${id}` };
  },
});
export const GET = actionGet;
