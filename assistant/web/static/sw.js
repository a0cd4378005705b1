// The tablet's service worker: the child's page, its scripts and pictures are kept on the tablet,
// so with the server gone a tap still gets a picture and a kind spoken "sorry" (child.js), and a
// flag or the home button opens the page from here instead of the browser's error page.
const CACHE = "kompis-v1";
const KEPT = [/^\/static\//, /^\/pictures\//, /^\/api\/speech\//];

self.addEventListener("install", (event) => {
  // The page of every language the preschool offers, fetched now while the server is there.
  const url = new URL(self.location.href);
  const pages = (url.searchParams.get("pages") || "").split(" ").filter(Boolean);
  event.waitUntil(caches.open(CACHE).then((cache) =>
    Promise.allSettled(["/", ...pages.map((lang) => `/?lang=${encodeURIComponent(lang)}`)]
      .map((page) => cache.add(page)))).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === "/") {
    // The page: fresh from the server when it answers (menus change), else the kept copy.
    event.respondWith(fetch(request).then((response) => {
      const copy = response.clone();
      if (response.ok) caches.open(CACHE).then((cache) => cache.put(request, copy));
      return response;
    }).catch(() => caches.match(request).then((kept) => kept ||
      caches.match(`/?lang=${url.searchParams.get("lang") || ""}`) || caches.match("/"))));
    return;
  }
  if (KEPT.some((pattern) => pattern.test(url.pathname))) {
    // Scripts, pictures and spoken answers change only with their address: kept, then fetched.
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request).then((response) => {
      const copy = response.clone();
      if (response.ok) caches.open(CACHE).then((cache) => cache.put(request, copy));
      return response;
    })));
  }
});
