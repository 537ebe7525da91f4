/**
 * English issue messages for zod/mini ("Too big: expected string to have <=32 characters", ...).
 * Classic zod registers them on first use; zod/mini does not, and would say "Invalid input" for every
 * issue. Messages reach people through the message protocol (parseRequest) and Graph `bad_response`
 * errors (describeIssues), so modules whose issue messages are shown import this once.
 */
import * as z from 'zod/mini';

z.config(z.locales.en());
