// Staff moderate a question, answer or comment in place: hide, restore,
// delete, delete as spam. A deleted question is gone: back to the list.
import { z } from 'zod';
import { deletePost, hidePost, restorePost } from '@/server/community/moderation';
import { actionGet, idField, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'moderate',
  schema: z.object({ postType: z.enum(['question', 'answer', 'comment']), postId: idField, action: z.enum(['hide', 'restore', 'delete', 'delete-spam']) }),
  keyOf: (a) => `${a.postType}-${a.postId}`,
  run: async ({ db, user, data }) => {
    const target = { postType: data.postType, postId: data.postId };
    if (data.action === 'hide') await hidePost(db, user, target);
    else if (data.action === 'restore') await restorePost(db, user, target);
    else await deletePost(db, user, target, { spam: data.action === 'delete-spam' });
    if (data.postType === 'question' && data.action.startsWith('delete')) return { location: '/community' };
    return { anchor: data.postType === 'question' ? '' : `${data.postType}-${data.postId}` };
  },
});
export const GET = actionGet;
