import { Controller, Get, Module } from '@nestjs/common';
import type { Server } from 'node:http';
import request from 'supertest';
import { CurrentUser, Roles } from '../src/auth/auth.decorators';
import type { Principal } from '../src/auth/principal';
import { Public } from '../src/common/public.decorator';
import { bootApp, type BootedApp } from './support/boot';
import { ADMIN, createTestDatabase } from './support/test-app';

/** How often each probe handler ran: a refused request must never reach its handler. */
const served = { closed: 0, open: 0, admin: 0, openClass: 0 };

// A route with neither @Public nor @Roles is refused to everyone, logged in or not, whatever
// their roles: forgetting the decorator closes a route instead of opening it.
@Controller('probe')
class ProbeController {
  @Get('closed')
  closed(): { ok: true } {
    served.closed++;
    return { ok: true };
  }

  @Get('open')
  @Public()
  open(): { ok: true } {
    served.open++;
    return { ok: true };
  }

  @Get('admin')
  @Roles('ADMIN')
  admin(@CurrentUser() principal: Principal): { username: string } {
    served.admin++;
    return { username: principal.username };
  }
}

@Controller('probe-public')
@Public()
class PublicProbeController {
  @Get()
  index(): { ok: true } {
    served.openClass++;
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController, PublicProbeController] })
class ProbeModule {}

describe('the auth guard on HTTP routes (deny by default)', () => {
  let booted: BootedApp;
  let drop: () => Promise<void>;
  let admin: string;
  let http: Server;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    booted = await bootApp(database.url, {
      env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
      modules: [ProbeModule],
      listen: false,
    });
    http = booted.app.getHttpServer() as Server;
    const login = await request(http)
      .post('/graphql')
      .send({
        query: `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
        variables: { u: ADMIN.username, p: ADMIN.password },
      });
    admin = (login.body as { data: { login: { token: string } } }).data.login.token;
  });
  afterAll(async () => {
    await booted?.close();
    await drop?.();
  });

  it('refuses an undecorated route: 401 without a token, 403 with a valid one, never running it', async () => {
    const anonymous = await request(http).get('/probe/closed');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(anonymous.body.message).toMatch(/Log in first/);
    const bad = await request(http).get('/probe/closed').set('authorization', 'Bearer nonsense');
    expect([bad.status, bad.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    const loggedIn = await request(http).get('/probe/closed').set('authorization', `Bearer ${admin}`);
    expect([loggedIn.status, loggedIn.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(loggedIn.body.message).toMatch(/neither @Public nor @Roles/);
    expect(served.closed).toBe(0);
  });

  it('serves a @Public route, on the handler or on the class, to anyone', async () => {
    expect((await request(http).get('/probe/open')).status).toBe(200);
    // A public route reads no token: a bad one does not matter there.
    expect((await request(http).get('/probe/open').set('authorization', 'Bearer nonsense')).status).toBe(200);
    expect((await request(http).get('/probe-public')).status).toBe(200);
    expect([served.open, served.openClass]).toEqual([2, 1]);
  });

  it('serves a @Roles route to a holder of the role, with the principal the guard resolved', async () => {
    expect((await request(http).get('/probe/admin')).status).toBe(401);
    const ok = await request(http).get('/probe/admin').set('authorization', `Bearer ${admin}`);
    expect([ok.status, ok.body]).toEqual([200, { username: ADMIN.username }]);
    expect(served.admin).toBe(1);
  });

  it("keeps the service's own public routes open", async () => {
    expect((await request(http).get('/health/live')).status).toBe(200);
    expect((await request(http).get('/health/ready')).status).toBe(200);
    expect((await request(http).get('/fhir/metadata')).status).toBe(200);
    expect((await request(http).get('/metrics')).status).toBe(200);
  });
});
