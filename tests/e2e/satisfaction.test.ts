// End-to-end: "How did we do?" in Chromium, as a customer on a phone (390 px):
// the email's "Great" link opens with Great chosen, Send records it, the
// comment box is offered and a comment added; the ticket page then shows the
// rating. Nothing scrolls sideways, in light and dark schemes.
import { beforeAll, describe, expect, it } from 'vitest';
import { replyAsStaff } from '@/server/tickets/conversation';
import { ticketRefToId } from '@/server/tickets/tickets';
import { useServerAndBrowser } from '../support/browser-suite';
import { makeTicket, makeUser, site } from '../support/factories';

const suite = useServerAndBrowser();
let agent: Awaited<ReturnType<typeof makeUser>>;
beforeAll(async () => {
  agent = await makeUser(suite.server.db, { role: 'staff', displayName: 'Priya from Support' });
});

async function solvedTicket() {
  const ticket = await makeTicket(suite.server.db, { subject: 'Export never arrived' });
  await replyAsStaff(suite.server.db, site, ticket.ref, agent, { body: 'I restarted your export; the file is in your inbox now.', status: 'solved' });
  const email = await suite.server.db
    .selectFrom('email_outbox')
    .select('text_body')
    .where('kind', '=', 'ticket-reply')
    .where('subject', 'like', `[${ticket.ref}]%`)
    .executeTakeFirstOrThrow();
  const great = /http:\/\/hearth\.test(\/tickets\/[^/]+\/rate\?token=[a-z0-9]+&rating=great)/.exec(email.text_body)![1]!;
  return { ...ticket, great };
}

describe('rating from the email link', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`records "Great" on Send, then takes a comment, at 390 px in the ${colorScheme} scheme`, async () => {
      const { ref, accessKey, great } = await solvedTicket();
      const page = await suite.newPage({ viewport: { width: 390, height: 844 }, colorScheme });
      await page.goto(great);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('How did we do?');
      expect(await page.getByRole('radio', { name: 'Great' }).isChecked()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText('we recorded “Great”').waitFor();
      await page.getByLabel('Anything you would like to add?').fill('Quick, and you explained what went wrong.');
      await page.getByRole('button', { name: 'Update' }).click();
      await page.getByText('We have your comment too.').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const rows = await suite.server.db.selectFrom('ticket_ratings').select(['rating', 'comment']).where('ticket_id', '=', ticketRefToId(ref)!).execute();
      expect(rows).toEqual([{ rating: 'great', comment: 'Quick, and you explained what went wrong.' }]);

      // The ticket page shows the rating, still changeable, with the comment.
      await page.goto(`/tickets/${ref}?key=${accessKey}`);
      const section = page.getByRole('region', { name: 'How did we do?' });
      expect(await section.getByRole('radio', { name: 'Great' }).isChecked()).toBe(true);
      expect(await section.getByLabel('Anything you would like to add?').inputValue()).toBe('Quick, and you explained what went wrong.');
      await section.getByRole('radio', { name: 'Okay' }).check();
      await section.getByRole('button', { name: 'Update rating' }).click();
      await page.getByText('we recorded “Okay”').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    });
  }
});
