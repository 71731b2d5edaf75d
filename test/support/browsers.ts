// Distinct browsers for load runs: one real browser's user agent per visitor index, each index its
// own string. Without a cookie a visitor is a hash of address and user agent (docs/contract.md §1),
// and every request of a load run comes from 127.0.0.1, so the user agent tells visitors apart.
// Chromium-family strings only, so one version scheme makes them distinct; none is a bot.
const FAMILIES: readonly ((version: string) => string)[] = [
  (version) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version} Safari/537.36`,
  (version) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version} Safari/537.36`,
  (version) => `Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version} Mobile Safari/537.36`,
  (version) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version} Safari/537.36 Edg/${version}`,
  (version) => `Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/${version} Mobile/15E148 Safari/604.1`,
];
const MAJORS = 12;
const BUILDS = 1_000;

/** The user agent of browser `index` (0, 1, 2, …): distinct for every index. */
export function browserUserAgentOf(index: number): string {
  const family = FAMILIES[index % FAMILIES.length] ?? FAMILIES[0]!;
  const rest = Math.floor(index / FAMILIES.length);
  const major = 120 + (rest % MAJORS);
  const build = 6_000 + (Math.floor(rest / MAJORS) % BUILDS);
  const patch = Math.floor(rest / (MAJORS * BUILDS));
  return family(`${major}.0.${build}.${patch}`);
}
