import { providers } from '../providers';
import { json } from './respond';
import { restHandler } from './handler';

/** `GET /v2/integrations`: the providers this Heartbridge serves, in the legacy and current field names. */
export const getIntegrations = restHandler(async () =>
  json({ status: 'success', providers: providers.map((p) => p.resource), sdk_resource: [], sdk_providers: [] }),
);
