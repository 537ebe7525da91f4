/**
 * English issue messages for zod/mini ("Too big: expected string to have <=32 characters", ...).
 * Classic zod registers them on first use; zod/mini does not, and would say "Invalid input" for every
 * issue. They end up in the developer notes of the Graph client's `bad_response` errors (describeIssues),
 * which people never see (they see the catalogue text of the error's `local` cause: lib/error-info.ts).
 */
import * as z from 'zod/mini';

z.config(z.locales.en());
