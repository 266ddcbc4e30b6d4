import { SetMetadata } from '@nestjs/common';

export const PUBLIC_KEY = 'siranap:public';

/**
 * Anonymous callers may use this GraphQL operation or HTTP route (an HTTP route then reads no
 * token). A marker only, here rather than in auth/ so that any folder, health too, may open a
 * route without depending on auth; the auth guard reads it and refuses what has neither this
 * nor @Roles.
 */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
