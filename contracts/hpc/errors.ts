import { defineCatalogue } from '../catalogue.ts';

/**
 * SCNet / Sugon AC OpenAPI v2 error catalogue. Two body shapes meet an HPC client:
 * - `envelope`: the platform's `{"code": "<string>", "msg": "...", "data": null}` (docs/providers/hpc.md §4.1). Business
 *   errors are answered with HTTP 200: the docs give only body codes and the Go SDK decodes the body before it
 *   looks at the status (§4.1, inferred). `envelopeText` is the same envelope with `data` a string (§3.1).
 * - `spring`: unknown paths and wrong methods are real HTTP 404/405 (observed, §4.1), rendered as the Spring
 *   Boot default error body the Java backend most plausibly answers with (the body was not observed).
 *
 * Messages are the desktop table's (§4.3) unless noted; the SDK's full-width `，` is used where the docs show
 * an ASCII comma, as §4.3 judges the live site most likely does.
 */
export const hpcErrors = defineCatalogue('hpc', {
  InternalError: { code: '10001', status: 200, shape: 'envelope', message: '内部错误' },
  CenterNeedsRegionToken: {
    code: '10001',
    status: 200,
    shape: 'envelopeText',
    message: '内部错误',
    note: 'Observed: center called with the platform token (clusterId 0) always answers 10001 with a string `data` (§3.1). Its text was not recorded; the emulator sends an empty string.',
  },
  MissingParameters: { code: '10003', status: 200, shape: 'envelope', message: '参数不全' },
  InvalidParameter: { code: '10004', status: 200, shape: 'envelope', message: '参数无效' },
  PermissionDenied: {
    code: '10008',
    status: 200,
    shape: 'envelope',
    message: '权限不足',
    note: 'Inferred for invalid or expired tokens: public clients renew on 10008 (§4.2); also a session of another user.',
  },
  // The desktop page's table (§4.3) comes before the other pages' 10009s: a fault rule that names a
  // code gets the first entry with it, and the desktop API's meaning is the one a console client meets.
  UnsupportedVersion: {
    code: '10009',
    status: 200,
    shape: 'envelope',
    message: '不支持的版本',
    note: 'The desktop table’s 10009; answered for a version the platform does not serve on a known path (inferred).',
  },
  RoleMappingError: {
    code: '10010',
    status: 200,
    shape: 'envelope',
    message: '角色映射错误',
    note: 'The desktop table’s 10010; when it happens is not documented: a user named in `settings.faults.roleMapping` gets it on every region call.',
  },
  UserNotFound: {
    code: '10009',
    status: 200,
    shape: 'envelope',
    message: '用户不存在',
    note: 'Observed on the AK/SK route for an unknown `user` header (§2.2).',
  },
  SignatureMismatch: {
    code: '10009',
    status: 200,
    shape: 'envelope',
    message: 'AK/SK签名校验失败',
    note: 'The message is observed (§2.2); the code is inferred from the AK/SK page’s only verification code, 10009.',
  },
  VerificationFailed: {
    code: '10009',
    status: 200,
    shape: 'envelope',
    message: '校验失败',
    note: 'The AK/SK page’s 10009 text (§2.2); used for a `timestamp` outside the accepted window (inferred).',
  },
  RateLimited: { code: '10011', status: 200, shape: 'envelope', message: '调用频次过高' },
  ContentTooLarge: { code: '10012', status: 200, shape: 'envelope', message: '内容大小超限' },
  DesktopServiceError: { code: '815008', status: 200, shape: 'envelope', message: '桌面服务异常' },
  VncSessionNotFound: { code: '815010', status: 200, shape: 'envelope', message: '桌面会话不存在，删除失败' },
  VncNodesOverloaded: {
    code: '815201',
    status: 200,
    shape: 'envelope',
    message: '所有VNC节点均过载或者SSH不通，VNC会话创建失败',
  },
  NotFound: {
    code: 'Not Found',
    status: 404,
    shape: 'spring',
    message: 'Not Found',
    note: 'Observed: GET /hpc/openapi/v2/queue answers HTTP 404 (§4.1).',
  },
  MethodNotAllowed: {
    code: 'Method Not Allowed',
    status: 405,
    shape: 'spring',
    message: 'Method Not Allowed',
    note: 'Observed: POST /hpc/openapi/v2/jobs answers HTTP 405 (§4.1).',
  },
});
