import { unknownEndpoint } from '@/lib/api/unknown-endpoint';

export const dynamic = 'force-dynamic';
export const GET = unknownEndpoint;
export const POST = unknownEndpoint;
export const PUT = unknownEndpoint;
export const PATCH = unknownEndpoint;
export const DELETE = unknownEndpoint;
