const REASONS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of its path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * `no space left on the device (ENOSPC)`: a file system error's reason in words and the code to search for.
 * A missing path is worded by the caller, who knows whether the file or its folder was looked for.
 */
export function reasonOf(error: unknown, missing = 'its folder does not exist'): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (!code) return String(message ?? error);
  return `${code === 'ENOENT' ? missing : (REASONS[code] ?? message)} (${code})`;
}
