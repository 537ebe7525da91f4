/**
 * Pure string logic for finding phone numbers in page text. No DOM here.
 *
 * A candidate is a maximal run of digit groups joined by short phone separators (spaces, dashes, dots,
 * parentheses, invisible bidi/zero-width marks), optionally led by "+". The whole run must equal a
 * tracked number's digits: a longer run (an id, a date glued to a number, an amount) is refused as a
 * whole, never matched in part.
 */

/** E.164 allows at most 15 digits; fewer than 7 would collide with ordinary numbers on the page. */
export const MIN_PHONE_DIGITS = 7;
export const MAX_PHONE_DIGITS = 15;
/** At most this many separator units between two digit groups (" - " is three; a whitespace run is one). */
const MAX_SEPARATOR_UNITS = 3;

/** The digits of a phone number as Graph or a page shows it: "+1 (555) 010-0001" -> "15550100001". */
export function phoneDigits(text: string): string {
  return text.replace(/\D+/g, '');
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Whitespace as rendered (runs collapse to one unit). */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x0c ||
    c === 0xa0 ||
    c === 0x2007 ||
    c === 0x2009 ||
    c === 0x202f ||
    c === 0x3000
  );
}

/** Characters that render as nothing: zero-width and bidi marks (Meta wraps numbers in LRM/LRI in RTL UIs). */
function isInvisible(c: number): boolean {
  return (
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2064) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff
  );
}

/** Visible punctuation allowed inside a phone number. Not "/" (dates), not "," (amounts). */
function isPunct(c: number): boolean {
  return (
    c === 0x2d /* - */ || c === 0x2e /* . */ || c === 0x28 /* ( */ || c === 0x29 /* ) */ || (c >= 0x2010 && c <= 0x2015) || c === 0x2212
  );
}

const WORD = /[\p{L}\p{N}_]/u;
const isWordChar = (ch: string | undefined) => ch !== undefined && WORD.test(ch);

export interface PhoneCandidate {
  /** Index of the first digit. */
  start: number;
  /** Index after the last digit. */
  end: number;
  digits: string;
}

/**
 * Finds phone-like runs in `text` whose digit count is within [minDigits, maxDigits].
 * `softBoundaries` are offsets where one text node ends and the next begins (adjacent inline elements):
 * a letter across such a boundary ("<span>Phone</span><span>555…</span>") does not glue to the digits,
 * whereas a letter inside one text node ("ID4815…", "…0001abc") makes the run an identifier.
 */
export function findPhoneCandidates(
  text: string,
  minDigits = MIN_PHONE_DIGITS,
  maxDigits = MAX_PHONE_DIGITS,
  softBoundaries?: ReadonlySet<number>,
): PhoneCandidate[] {
  const out: PhoneCandidate[] = [];
  const len = text.length;
  let i = 0;
  while (i < len) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let digits = '';
    let end = i;
    let j = i;
    while (j < len) {
      const c = text.charCodeAt(j);
      if (isDigit(c)) {
        digits += text[j];
        j++;
        end = j;
        continue;
      }
      // A separator stretch: count its units, then it must be followed by a digit.
      let k = j;
      let units = 0;
      while (k < len) {
        const d = text.charCodeAt(k);
        if (isSpace(d)) {
          units++;
          while (k < len && isSpace(text.charCodeAt(k))) k++;
        } else if (isPunct(d)) {
          units++;
          k++;
        } else if (isInvisible(d)) {
          k++;
        } else break;
      }
      if (k > j && units <= MAX_SEPARATOR_UNITS && k < len && isDigit(text.charCodeAt(k))) {
        j = k;
        continue;
      }
      break;
    }
    i = j;
    if (digits.length < minDigits || digits.length > maxDigits) continue;
    if (gluedBefore(text, start, softBoundaries) || gluedAfter(text, end, softBoundaries)) continue;
    out.push({ start, end, digits });
  }
  return out;
}

/** A word character right before the run (skipping one "(" ) makes it part of an identifier; "+" never does. */
function gluedBefore(text: string, start: number, soft?: ReadonlySet<number>): boolean {
  let p = start;
  while (p > 0 && isInvisible(text.charCodeAt(p - 1))) p--;
  if (p > 0 && text[p - 1] === '(') p--;
  if (p > 0 && text[p - 1] === '+') return false;
  if (p === 0 || soft?.has(p)) return false;
  return isWordChar(text[p - 1]);
}

function gluedAfter(text: string, end: number, soft?: ReadonlySet<number>): boolean {
  if (end >= text.length || soft?.has(end)) return false;
  return isWordChar(text[end]);
}
