// Post an answer, or preview it: the preview renders the question page with
// the draft and its rendering, so it works without JavaScript. Images chosen
// in the form's file input are uploaded and added to the answer.
import { z } from 'zod';
import { answerPermalink } from '@/server/community/answer-links';
import { postAnswer } from '@/server/community/answers';
import { withUploadedImages } from '@/server/community/images';
import { renderUserMarkdown } from '@/server/markdown';
import { actionGet, idField, questionAction } from '@/web/question-actions';

export const POST = questionAction({
  intent: 'answer',
  schema: z.object({ questionId: idField, body: z.string().max(40_000), preview: z.string().optional() }),
  draftField: 'body',
  run: async ({ db, user, site, data, files, keepDraft }) => {
    // Images from the file input are stored first and their Markdown added to the answer.
    const body = await withUploadedImages(db, user, data.body, files.images ?? []);
    keepDraft(body);
    if (data.preview !== undefined) return { draft: body, preview: renderUserMarkdown(body) };
    const { id } = await postAnswer(db, site, user, data.questionId, body);
    // The new answer sorts by its score among hundreds, maybe on another page: its permalink finds it.
    return { location: answerPermalink(id) };
  },
});
export const GET = actionGet;
