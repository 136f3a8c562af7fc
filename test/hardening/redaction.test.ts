import { describe, expect, it } from 'vitest';
import { huaweiDemo } from '../../contracts/huawei/demo.ts';
import type { Exchange, JournalEntry } from '../../emulator/journal.ts';
import type { RunningEmulator } from '../../emulator/server.ts';
import { callV1, IDS } from '../aliyun/rpc.ts';
import { hpcLaunchUrl, hpcToken, huaweiConsoleUrl } from '../console/support.ts';
import { useEmulator } from '../helpers.ts';
import { demo, iamToken, passwordAuthBody } from '../huawei/support.ts';

/**
 * What the journal keeps of each exchange (what the dashboard shows, through the control API) has every
 * password-like field and every console credential as `***`: one case per row of docs/security.md's table.
 */

const emu = useEmulator({ journalBodies: true });

/** The last journal entry and its exchange, read as the dashboard reads them. */
async function lastExchange(running: RunningEmulator = emu.current) {
  const seq = (running.emulator.journal.last() as JournalEntry).seq;
  const answer = await fetch(`${running.url}/__emulator/live/journal/${seq}`);
  const { entry, exchange } = (await answer.json()) as { entry: JournalEntry; exchange: Exchange };
  return { entry, exchange, text: JSON.stringify({ entry, exchange }) };
}

const VNC_PASSWORD = 'Zz9876';
const modify = (method: string) =>
  callV1(
    emu.current,
    {
      Action: 'ModifyInstanceVncPasswd',
      RegionId: 'cn-hangzhou',
      InstanceId: IDS.running,
      VncPassword: VNC_PASSWORD,
    },
    { method },
  );

describe('password-like fields, in any case', () => {
  it('in the query: VncPassword=Zz9876 (and the signature)', async () => {
    expect((await modify('GET')).status).toBe(200);
    const { exchange, text } = await lastExchange();
    const query = new URL(exchange.request.url).searchParams;
    expect(query.get('VncPassword')).toBe('***');
    expect(query.get('Signature')).toBe('***');
    expect(query.get('InstanceId')).toBe(IDS.running);
    expect(text).not.toContain(VNC_PASSWORD);
  });

  it('in a form body: VncPassword as a POST field', async () => {
    expect((await modify('POST')).status).toBe(200);
    const { exchange, text } = await lastExchange();
    const form = new URLSearchParams(exchange.request.body);
    expect(form.get('VncPassword')).toBe('***');
    expect(form.get('Action')).toBe('ModifyInstanceVncPasswd');
    expect(text).not.toContain(VNC_PASSWORD);
  });

  it('in a JSON body: any key containing "password", a string or a number', async () => {
    const body = passwordAuthBody() as {
      auth: { identity: { password: { user: Record<string, unknown> } } };
    };
    Object.assign(body.auth.identity.password.user, { OldPassword: 'Old-Secret-1', PASSWORD_HINT: 918273 });
    await fetch(`${emu.current.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const { exchange, text } = await lastExchange();
    expect(JSON.parse(exchange.request.body).auth.identity.password.user).toEqual({
      name: 'demo',
      domain: { name: 'demo' },
      password: '***',
      OldPassword: '***',
      PASSWORD_HINT: '***',
    });
    for (const secret of ['demo-password', 'Old-Secret-1', '918273']) expect(text).not.toContain(secret);
  });

  it('in an XML body: an element named like a password', async () => {
    await fetch(`${emu.current.url}/?Action=ModifyInstanceVncPasswd`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body: `<Request><InstanceId>${IDS.running}</InstanceId><VncPassword>${VNC_PASSWORD}</VncPassword></Request>`,
    });
    const { exchange, text } = await lastExchange();
    expect(exchange.request.body).toBe(
      `<Request><InstanceId>${IDS.running}</InstanceId><VncPassword>***</VncPassword></Request>`,
    );
    expect(text).not.toContain(VNC_PASSWORD);
  });

  it('in headers: HPC password and token, IAM X-Auth-Token and X-Subject-Token, cookies', async () => {
    const token = await hpcToken(emu.current);
    const login = emu.current.emulator.journal.list({ operation: 'getUserTokens' }).at(-1) as JournalEntry;
    const tokens = (await (
      await fetch(`${emu.current.url}/__emulator/live/journal/${login.seq}`)
    ).json()) as {
      exchange: Exchange;
    };
    expect(tokens.exchange.request.headers.password).toBe('***');
    expect(JSON.stringify(tokens.exchange)).not.toContain(token);
    await hpcLaunchUrl(emu.current, token);
    expect((await lastExchange()).exchange.request.headers.token).toBe('***');

    const iam = await iamToken(emu.current.url);
    const issued = emu.current.emulator.journal.list({ operation: 'createToken' }).at(-1) as JournalEntry;
    const answer = (await (
      await fetch(`${emu.current.url}/__emulator/live/journal/${issued.seq}`)
    ).json()) as {
      exchange: Exchange;
    };
    expect(answer.exchange.response?.headers['x-subject-token']).toBe('***');
    expect(JSON.stringify(answer)).not.toContain(iam);

    await fetch(`${emu.current.url}/v2.1/${demo.projectId}/servers`, {
      headers: { 'X-Auth-Token': iam, Cookie: 'session=cookie-secret-77' },
    });
    const { exchange, text } = await lastExchange();
    expect(exchange.request.headers).toMatchObject({ 'x-auth-token': '***', cookie: '***' });
    expect(text).not.toContain(iam);
    expect(text).not.toContain('cookie-secret-77');
  });
});

describe('console credentials inside URLs, wherever the URL appears', () => {
  it("Huawei's console URL token= in the JSON answer (Nova's route and the native one)", async () => {
    const url = await huaweiConsoleUrl(emu.current);
    const { exchange, text } = await lastExchange();
    expect(JSON.parse(exchange.response?.body as string).remote_console.url).toBe(
      `${emu.current.url}/vnc_auto.html?token=***&lang=EN`,
    );
    expect(text).not.toContain(url.searchParams.get('token'));

    const native = await fetch(
      `${emu.current.url}/v1/${demo.projectId}/cloudservers/${demo.active}/remote_console`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Auth-Token': await iamToken(emu.current.url) },
        body: JSON.stringify({ remote_console: { protocol: 'vnc', type: 'novnc' } }),
      },
    );
    const nativeUrl = ((await native.json()) as { remote_console: { url: string } }).remote_console.url;
    const last = await lastExchange();
    expect(JSON.parse(last.exchange.response?.body as string).remote_console.url).toBe(
      `${emu.current.url}/vnc_auto.html?token=***&lang=EN&tLength=70`,
    );
    expect(last.text).not.toContain(new URL(nativeUrl).searchParams.get('token'));
  });

  it("Alibaba's VncUrl s=, percent-encoded inside the JSON and the XML answer", async () => {
    for (const Format of ['JSON', 'XML']) {
      const response = await callV1(emu.current, {
        Action: 'DescribeInstanceVncUrl',
        RegionId: 'cn-hangzhou',
        InstanceId: IDS.running,
        Format,
      });
      const answered = await response.text();
      const token = /%3Fs%3D([^"<]+)/.exec(answered)?.[1] as string;
      expect(token.length).toBeGreaterThan(60);
      const { exchange, text } = await lastExchange();
      expect(exchange.response?.body).toBe(answered.replace(token, '***'));
      expect(text).not.toContain(token);
    }
  });

  it('HPC launch URL token= and mm=, and the platform token in the JSON answer', async () => {
    const launch = await hpcLaunchUrl(emu.current);
    const { exchange, text } = await lastExchange();
    expect(JSON.parse(exchange.response?.body as string).data.novncUrl).toBe(
      '/vnc.html?path=/vncws?token=***&mm=***&resize=remote',
    );
    for (const name of ['token', 'mm']) {
      const value = new RegExp(`[?&]${name}=([^&]+)`).exec(launch)?.[1] as string;
      expect(value.length).toBeGreaterThan(8);
      expect(text).not.toContain(value);
    }
    await hpcToken(emu.current);
    const login = emu.current.emulator.journal.list({ operation: 'getUserTokens' }).at(-1) as JournalEntry;
    const tokens = (await (
      await fetch(`${emu.current.url}/__emulator/live/journal/${login.seq}`)
    ).json()) as {
      exchange: Exchange;
    };
    const regions = JSON.parse(tokens.exchange.response?.body as string).data as Array<{ token: string }>;
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.every((r) => r.token === '***')).toBe(true);
  });

  describe("Nova's own URL form, the token encoded inside path=", () => {
    const nova = useEmulator({
      journalBodies: true,
      scenario: { huawei: { ...huaweiDemo, settings: { ...huaweiDemo.settings, urlStyle: 'nova' } } },
    });

    it('vnc_auto.html?path=%3Ftoken%3D***', async () => {
      const url = await huaweiConsoleUrl(nova.current);
      const { exchange, text } = await lastExchange(nova.current);
      expect(JSON.parse(exchange.response?.body as string).remote_console.url).toBe(
        `${nova.current.url}/vnc_auto.html?path=%3Ftoken%3D***`,
      );
      const token = new URLSearchParams(url.searchParams.get('path')?.slice(1)).get('token') as string;
      expect(token).toMatch(/^[0-9a-f-]{36}$/);
      expect(text).not.toContain(token);
    });
  });

  it('the dashboard still traces each token to the request that issued it', async () => {
    const url = await huaweiConsoleUrl(emu.current);
    const issuer = (emu.current.emulator.journal.last() as JournalEntry).seq;
    const overview = (await (await fetch(`${emu.current.url}/__emulator/live/overview`)).json()) as {
      tokens: Array<{ token: string; issuedBy?: number }>;
    };
    expect(overview.tokens.find((t) => t.token === url.searchParams.get('token'))?.issuedBy).toBe(issuer);
  });
});
