import { z } from 'zod';

/**
 * A CardioMood user's profile. NOT FOUND on the Health Cloud; assumed to be the Users Cloud `user`
 * object of `/login` [DOC: `_id`, `uuid`, `role`, `first_name`, …; the rest INFER from the app models].
 */
export const UserProfile = z.looseObject({
  uuid: z.string().nullish(),
  _id: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  email: z.string().nullish(),
  gender: z.string().nullish(),
  birthday: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a Y-m-d date' })
    .nullish(),
  country: z.string().nullish(),
  city: z.string().nullish(),
  created_at: z.string().nullish(),
});
export type UserProfile = z.infer<typeof UserProfile>;
