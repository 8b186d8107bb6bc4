import { z } from 'zod';

/** The paging fields every listing takes from a URL, with the messages a person reads. */
export const pageFields = {
  page: z.coerce.number().int().min(1, { message: 'page: pages start at 1.' }).max(100_000).default(1),
  perPage: z.coerce
    .number()
    .int()
    .min(10, { message: 'perPage: show between 10 and 100 rows a page.' })
    .max(100, { message: 'perPage: show between 10 and 100 rows a page.' })
    .default(25),
  dir: z.enum(['asc', 'desc'], { message: 'dir: the direction is asc or desc.' }).default('desc'),
};

export const offsetOf = ({ page, perPage }: { page: number; perPage: number }) => (page - 1) * perPage;
