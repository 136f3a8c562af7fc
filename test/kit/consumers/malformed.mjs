// A consumer with three mistakes: a remote-consoles body without `protocol`, an Alibaba call signed with the
// wrong secret, and a path no provider serves.
import { createHmac } from 'node:crypto';

const env = process.env;
const base = env.CONSOLE_EMULATOR_URL;

const auth = await fetch(`${env.OS_AUTH_URL}/auth/tokens`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: env.OS_USERNAME,
            domain: { name: env.OS_USER_DOMAIN_NAME },
            password: env.OS_PASSWORD,
          },
        },
      },
      scope: { project: { name: env.OS_PROJECT_NAME, domain: { name: env.OS_PROJECT_DOMAIN_NAME } } },
    },
  }),
});
const project = (await auth.json()).token.project.id;
await fetch(`${base}/v2.1/${project}/servers/3f2a4c1e-8b7d-4e6f-9a0b-1c2d3e4f5a61/remote-consoles`, {
  method: 'POST',
  headers: {
    'X-Auth-Token': auth.headers.get('x-subject-token'),
    'X-OpenStack-Nova-API-Version': '2.6',
    'Content-Type': 'application/json',
  },
  body: JSON.stringify({ remote_console: { type: 'novnc' } }),
});

const params = new URLSearchParams({
  AccessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID,
  Action: 'DescribeRegions',
  Format: 'JSON',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: String(Math.random()),
  SignatureVersion: '1.0',
  Timestamp: `${new Date().toISOString().slice(0, 19)}Z`,
  Version: '2014-05-26',
});
params.set('Signature', createHmac('sha1', 'not-the-secret&').update('GET&%2F&whatever').digest('base64'));
await fetch(`${base}/?${params}`);

await fetch(`${base}/v2.1/${project}/flavors`, {
  headers: { 'X-Auth-Token': auth.headers.get('x-subject-token') },
});
