import { describe, expect, it } from 'vitest';
import { decodeMm, encodeMm, joinLaunchUrl, novncUrl, parseLaunchUrl } from './launchurl.ts';

const SEED_URL =
  '/vnc.html?path=/vncws?token=94e35e96-a29c-11ed-8bea-525400dc9fc8&mm=dI066SLnQbjx4k1Lgue5Iw==&resize=remote';

describe('mm, the sealed VNC password', () => {
  it('reproduces openssl enc -aes-128-ecb (PKCS#7) and is one block like the seed’s', () => {
    const mm = encodeMm('demovnc1', 'console-emulator');
    expect(mm).toBe('cKUgnghQKYsSI3xSZBjCIA==');
    expect(Buffer.from('dI066SLnQbjx4k1Lgue5Iw==', 'base64')).toHaveLength(16);
    expect(Buffer.from(mm, 'base64')).toHaveLength(16);
  });

  it('opens only under its own key', () => {
    expect(decodeMm('cKUgnghQKYsSI3xSZBjCIA==', 'console-emulator')).toBe('demovnc1');
    expect(decodeMm('cKUgnghQKYsSI3xSZBjCIA==', 'another-key-16by')).toBeUndefined();
    expect(decodeMm('not base64!', 'console-emulator')).toBeUndefined();
  });
});

describe('novncUrl', () => {
  it('has the seed’s form, mm raw or percent-encoded', () => {
    const token = '94e35e96-a29c-11ed-8bea-525400dc9fc8';
    expect(novncUrl(token, 'dI066SLnQbjx4k1Lgue5Iw==', 'raw')).toBe(SEED_URL);
    expect(novncUrl(token, 'a+b/c==', 'percent')).toContain('&mm=a%2Bb%2Fc%3D%3D&');
  });

  it('joins a relative URL to the origin of an hpcUrls entry, /hpc dropped', () => {
    const launch = { novncUrl: SEED_URL, withDomain: false };
    expect(joinLaunchUrl('https://api01.xxx.com:65106/hpc', launch)).toBe(
      `https://api01.xxx.com:65106${SEED_URL}`,
    );
    expect(
      joinLaunchUrl('https://x.example', { novncUrl: 'https://y.example/vnc.html', withDomain: true }),
    ).toBe('https://y.example/vnc.html');
  });

  it('reads token and mm back as noVNC does', () => {
    expect(parseLaunchUrl(SEED_URL)).toEqual({
      token: '94e35e96-a29c-11ed-8bea-525400dc9fc8',
      mm: 'dI066SLnQbjx4k1Lgue5Iw==',
    });
    expect(parseLaunchUrl('/vnc.html?resize=remote')).toBeUndefined();
  });
});
