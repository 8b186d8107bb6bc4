import { serveCliRequest } from '@/lib/cli/serve-cli';

export const POST = serveCliRequest;
