// The public sections of the site, in one list that the header, the footer and
// the home page all print, so a section is linked only once it exists.

export interface SiteSection {
  href: string;
  /** Short label in the header. */
  nav: string;
  /** Label in the footer. */
  footer: string;
  /** Card on the home page. */
  title: string;
  text: string;
}

export const siteSections: readonly SiteSection[] = [
  {
    href: '/help',
    nav: 'Help',
    footer: 'Help articles',
    title: 'Help articles',
    text: 'Step-by-step guides for every part of Fieldnote, from first notebook to single sign-on.',
  },
  {
    href: '/community',
    nav: 'Community',
    footer: 'Community',
    title: 'Community',
    text: 'Ask other Fieldnote users, share what works for your team, and earn reputation for good answers.',
  },
  {
    href: '/known-issues',
    nav: 'Status',
    footer: 'Known issues',
    title: 'Known issues and status',
    text: 'What is broken right now, what we are doing about it, and what was fixed recently. Follow an issue to hear when it is fixed.',
  },
  {
    href: '/report',
    nav: 'Report',
    footer: 'Happiness report',
    title: 'Happiness report',
    text: 'How well our support is doing, month by month: response times, how customers rated us, and what they asked about most.',
  },
  {
    href: '/contact',
    nav: 'Contact',
    footer: 'Contact support',
    title: 'Contact support',
    text: 'Still stuck? Tell us what happened and a person on our team will answer.',
  },
];
