/** "SOME_NEW_VALUE" -> "Some new value". Used for any Meta enum value we have no label for. */
export function humaniseEnum(value: string): string {
  const words = value
    .trim()
    .replace(/[_\s]+/g, ' ')
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : value;
}
