// The address a contact-form suggestion links to (src/pages/contact/open.ts):
// opening it records the deflection attempt for the visit, then leads on to
// the suggested page. Shared by the page and its script, so no imports.

export function deflectionLink(visitId: string, hit: { url: string; type: string }): string {
  return `/contact/open?${new URLSearchParams({ visit: visitId, type: hit.type, to: hit.url }).toString()}`;
}
