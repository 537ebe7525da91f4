import * as z from 'zod/mini';

/**
 * Tolerant building blocks for stored shapes. Stored data outlives the code that wrote it (older and
 * newer versions, manual edits, a crash mid-write), so a read must never lose more than the one bad part:
 *
 * - a collection (`recordOf`, `arrayOf`) keeps every entry that parses and drops only the bad ones;
 *   something that is not a collection at all reads as an empty one;
 * - an optional field that is malformed reads as absent (`optionalOr`), a defaulted one as its default
 *   (`lenientFields` does both for every such field of an object schema).
 *
 * What a read drops is gone from storage at the next write of that item.
 */

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Record<string, T>, entry by entry: one malformed entry is dropped, the others kept; a non-object reads as `{}`. */
export function recordOf<T>(entry: z.ZodMiniType<T>): z.ZodMiniType<Record<string, T>> {
  // `_default`: an absent field (undefined) reads as `{}` too, so the helper works as an object's field.
  const tolerant = z.pipe(
    z.unknown(),
    z.transform((value: unknown) => {
      const out: Record<string, T> = {};
      if (!isPlainObject(value)) return out;
      for (const [key, raw] of Object.entries(value)) {
        const parsed = entry.safeParse(raw);
        if (parsed.success) out[key] = parsed.data;
      }
      return out;
    }),
  );
  return z._default(tolerant, () => ({})) as unknown as z.ZodMiniType<Record<string, T>>;
}

/** T[], entry by entry: one malformed entry is dropped, the others kept in order; a non-array reads as `[]`. */
export function arrayOf<T>(entry: z.ZodMiniType<T>): z.ZodMiniType<T[]> {
  const tolerant = z.pipe(
    z.unknown(),
    z.transform((value: unknown) => {
      const out: T[] = [];
      if (!Array.isArray(value)) return out;
      for (const raw of value) {
        const parsed = entry.safeParse(raw);
        if (parsed.success) out.push(parsed.data);
      }
      return out;
    }),
  );
  return z._default(tolerant, () => []) as unknown as z.ZodMiniType<T[]>;
}

/** `.optional().catch(undefined)`: a malformed optional field reads as absent. */
export const optionalOr = <T extends z.core.SomeType>(schema: T) => z.catch(z.optional(schema), undefined);

/**
 * The same object schema, with every field that may be absent (optional or defaulted) made lenient: a
 * malformed value reads as absent, or as the field's default. Required fields stay required, so an entry
 * without them is still malformed as a whole (and dropped by `recordOf` / `arrayOf`).
 */
export function lenientFields<S extends z.ZodMiniObject>(schema: S): S {
  const overrides: Record<string, z.core.SomeType> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodMiniType>)) {
    // Parsed again on every catch: a default such as `[]` must not be one array shared by every read.
    if (field.safeParse(undefined).success) overrides[key] = z.catch(field, () => field.parse(undefined));
  }
  return z.extend(schema, overrides) as unknown as S;
}
