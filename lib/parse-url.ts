/** The URL `href` names, or undefined when it is not a valid absolute URL (instead of `new URL`'s throw). */
export function parseUrl(href: string): URL | undefined {
  try {
    return new URL(href);
  } catch {
    return undefined;
  }
}
