// Search click tracking: result links point straight at the result (so they work without
// JavaScript and a GET records nothing); on a click this sends a same-origin POST beacon
// naming the search and the result chosen. Without JavaScript the click is simply not counted.

function sendClick(list: HTMLElement, event: MouseEvent) {
  if (event.type === 'auxclick' && event.button !== 1) return; // middle-click opens a tab; right-click only opens the menu
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  const searchId = list.dataset.searchId;
  const to = link?.getAttribute('href');
  if (!searchId || !to?.startsWith('/')) return;
  navigator.sendBeacon('/search/click', new URLSearchParams({ sid: searchId, to }));
}

for (const list of document.querySelectorAll<HTMLElement>('ol.results[data-search-id]')) {
  list.addEventListener('click', (event) => sendClick(list, event));
  list.addEventListener('auxclick', (event) => sendClick(list, event));
}
