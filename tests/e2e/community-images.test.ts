// End-to-end: a member asks a question with an image chosen in the form's file
// input and sees it inline on the question; an image pasted into the answer
// box uploads and its Markdown lands at the cursor; an avatar uploaded on
// /account shows beside the member's name on their question; the pages fit a
// 390 px phone, a wide image included.
import sharp from 'sharp';
import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/accounts/sessions';
import { questionUrl } from '@/server/community/questions';
import { useServerAndBrowser } from '../support/browser-suite';
import { GOOD_PASSWORD, makeMemberWithReputation } from '../support/factories';
import { signedInPage } from '../support/sign-in';

const suite = useServerAndBrowser({ SEED_DEMO: 'never' });
let member: SessionUser;
let png: Buffer;

beforeAll(async () => {
  member = await makeMemberWithReputation(suite.server.db, 11, { displayName: 'Iris Image', email: 'iris.image@example.com' });
  png = await sharp({ create: { width: 1200, height: 300, channels: 3, background: { r: 20, g: 120, b: 200 } } })
    .png()
    .toBuffer();
});

/** Whether the image loaded (a broken image has no natural width). */
const loaded = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);

describe('images in the community, in the browser', () => {
  it('asks a question with an uploaded image, which shows inline', async () => {
    const page = await signedInPage(suite, member.email, GOOD_PASSWORD);
    await page.goto('/community/ask');
    await page.getByLabel('Title').fill('Why does the week view show a grey stripe?');
    await page.getByLabel('Details (Markdown)').fill('Since yesterday the week view shows this stripe:');
    await page.getByLabel('Tags').fill('calendar');
    await page.getByLabel('Images').setInputFiles({ name: 'stripe.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Post your question' }).click();
    await page.getByRole('heading', { level: 1, name: 'Why does the week view show a grey stripe?' }).waitFor();
    const image = page.locator('.question .prose img[src^="/uploads/"]');
    expect(await image.getAttribute('alt')).toBe('stripe');
    await expect.poll(() => loaded(page, '.question .prose img[src^="/uploads/"]')).toBe(true);
  });

  it('uploads a pasted image and puts its Markdown at the cursor', async () => {
    const page = await signedInPage(suite, member.email, GOOD_PASSWORD);
    await page.goto('/community/ask');
    const details = page.getByLabel('Details (Markdown)');
    await details.fill('Before the picture. After the picture.');
    await details.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange('Before the picture.'.length, 'Before the picture.'.length));
    await details.evaluate(
      async (el: HTMLTextAreaElement, bytes: number[]) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      },
      [...png],
    );
    await page.getByText('Image added.').waitFor();
    expect(await details.inputValue()).toMatch(/^Before the picture\.\n\n!\[pasted\]\(\/uploads\/\d+\/pasted\.png\)\n\n After the picture\.$/);
  });

  it('shows an uploaded avatar beside the member’s name', async () => {
    const page = await signedInPage(suite, member.email, GOOD_PASSWORD);
    await page.goto('/account');
    await page.getByLabel('Picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Upload avatar' }).click();
    await page.getByText('Your new avatar is saved.').waitFor();
    const question = await suite.server.db
      .selectFrom('questions')
      .select(['id', 'slug'])
      .where('author_id', '=', member.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await page.goto(questionUrl(question.id, question.slug));
    await page.getByRole('heading', { level: 1, name: 'Why does the week view show a grey stripe?' }).waitFor();
    await expect.poll(() => loaded(page, 'img.avatar')).toBe(true);
    const side = await page
      .locator('img.avatar')
      .first()
      .evaluate((img: HTMLImageElement) => img.naturalWidth);
    expect(side).toBe(256);
  });

  it('fits the pages with images and avatars into 390 px', async () => {
    const page = await signedInPage(suite, member.email, GOOD_PASSWORD, { viewport: { width: 390, height: 800 } });
    const question = await suite.server.db
      .selectFrom('questions')
      .select(['id', 'slug'])
      .where('author_id', '=', member.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    for (const path of [questionUrl(question.id, question.slug), '/community/ask', '/account', `/users/${member.id}/iris-image`]) {
      await page.goto(path);
      expect({ path, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ path, width: 390 });
    }
  });
});
