import { describe, expect, it } from 'vitest';
import { CONTROL_COOKIE } from '../../emulator/control/token.ts';
import { useBrowser } from '../browser.ts';
import { useEmulator } from '../helpers.ts';

const TOKEN = 'sign-in-token-5d1e9a7c';
const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('the dashboard behind --control-token: a browser signs in with the token once', () => {
  const emu = useEmulator({ controlToken: TOKEN });
  const at = (path: string, init?: RequestInit) =>
    fetch(`${emu.current.url}${path}`, { redirect: 'manual', ...init });

  it('a browser without the token gets the sign-in form, not JSON', async () => {
    for (const path of ['/__emulator', '/__emulator/', '/__emulator/index.html']) {
      const response = await at(path, { headers: HTML });
      expect(response.status, path).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await response.text();
      expect(page).toContain('<form method="get" action="/__emulator/">');
      expect(page).not.toContain('role="alert"');
    }
  });

  it('a wrong token shows the form again with an error, and sets nothing', async () => {
    const response = await at('/__emulator/?token=not-it', { headers: HTML });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toContain('That is not the control token.');
  });

  it('the right token sets an HttpOnly, SameSite=Strict cookie for /__emulator and drops the token from the address', async () => {
    const response = await at(`/__emulator/?token=${TOKEN}`, { headers: HTML });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/__emulator/');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`${CONTROL_COOKIE}=${TOKEN}`);
    expect(cookie).toMatch(/; Path=\/__emulator(;|$)/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('the cookie opens the control API, the page and the live journal stream', async () => {
    const cookie = { cookie: `${CONTROL_COOKIE}=${TOKEN}` };
    expect((await at('/__emulator/state', { headers: cookie })).status).toBe(200);
    const page = await at('/__emulator/', { headers: { ...cookie, ...HTML } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('console-emulator dashboard');
    const aborter = new AbortController();
    const stream = await at('/__emulator/live/journal', { headers: cookie, signal: aborter.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    aborter.abort();
  });

  it('a wrong cookie, or the token in the address of anything but the page, is still refused in JSON', async () => {
    const wrongCookie = await at('/__emulator/state', { headers: { cookie: `${CONTROL_COOKIE}=nope` } });
    expect(wrongCookie.status).toBe(401);
    expect(((await wrongCookie.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const inQuery = await at(`/__emulator/state?token=${TOKEN}`);
    expect(inQuery.status).toBe(401);
    expect(inQuery.headers.get('set-cookie')).toBeNull();
    const post = await at(`/__emulator/?token=${TOKEN}`, { method: 'POST' });
    expect(post.status).toBe(401);
  });

  describe('in headless Chromium', () => {
    const browser = useBrowser();

    it('the form signs in and the dashboard runs live, its journal stream included', async () => {
      const context = await browser.current.newContext();
      const page = await context.newPage();
      await page.goto(`${emu.current.url}/__emulator/`);
      await page.getByLabel('Token').fill('wrong');
      await page.getByRole('button', { name: 'Open the dashboard' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('not the control token');
      await page.getByLabel('Token').fill(TOKEN);
      await page.getByRole('button', { name: 'Open the dashboard' }).click();
      await expect.poll(() => page.locator('#journal-live').textContent()).toBe('live');
      expect(new URL(page.url()).search).toBe('');
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === CONTROL_COOKIE)).toMatchObject({
        httpOnly: true,
        sameSite: 'Strict',
        path: '/__emulator',
      });
      await context.close();
    });
  });
});
