import { aliyunErrorBody } from '../contracts/aliyun/schemas.ts';
import type { ProviderName } from '../contracts/catalogue.ts';
import { errorEnvelope, springErrorBody } from '../contracts/hpc/schemas.ts';
import {
  apigwErrorBody,
  ecsErrorBody,
  keystoneErrorBody,
  novaFaultBody,
  webobErrorBody,
} from '../contracts/huawei/schemas.ts';
import { parseXml } from './xml.ts';

/** The one error every typed client throws: which provider, what status, which provider code and message. */
export class ProviderApiError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | undefined,
    readonly body: unknown,
  ) {
    super(`${provider} ${status} ${code}: ${message}`);
    this.name = 'ProviderApiError';
  }

  /** The provider's message, without the `provider status code:` prefix. */
  get providerMessage(): string {
    return this.message.slice(`${this.provider} ${this.status} ${this.code}: `.length);
  }
}

/** What an answer's body says about an error, in the provider's own terms; `undefined` for a success. */
export interface ProviderErrorInfo {
  code: string;
  message: string;
  requestId: string | undefined;
  body: unknown;
}

function parseBody(text: string, contentType: string): unknown {
  if (contentType.includes('xml') || text.startsWith('<?xml')) {
    try {
      return parseXml(text);
    } catch {
      return text;
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    // not JSON (webob's plain text or HTML): keep the text
    return text;
  }
}

/**
 * Reads whichever of the provider's error shapes came back (the contracts' schemas tell them apart). HPC's
 * business errors are HTTP 200 with a code other than `"0"`, so the body decides, not the status.
 */
export function readProviderError(
  provider: ProviderName,
  status: number,
  headers: Headers,
  text: string,
): ProviderErrorInfo | undefined {
  const body = parseBody(text, headers.get('content-type') ?? '');
  const info = (code: string, message: string, requestId?: string | null) => ({
    code,
    message,
    requestId: requestId ?? undefined,
    body,
  });
  switch (provider) {
    case 'huawei': {
      if (status < 400) return undefined;
      const requestId =
        headers.get('x-compute-request-id') ??
        headers.get('x-openstack-request-id') ??
        headers.get('x-request-id');
      const apigw = apigwErrorBody.safeParse(body);
      if (apigw.success) return info(apigw.data.error_code, apigw.data.error_msg, apigw.data.request_id);
      const ecs = ecsErrorBody.safeParse(body);
      if (ecs.success) return info(ecs.data.error.code, ecs.data.error.message, requestId);
      const keystone = keystoneErrorBody.safeParse(body);
      if (keystone.success)
        return info(String(keystone.data.error.code), keystone.data.error.message, requestId);
      const webob = webobErrorBody.safeParse(body);
      if (webob.success) return info(webob.data.code, webob.data.message, requestId);
      const fault = novaFaultBody.safeParse(body);
      const [name, detail] = fault.success ? (Object.entries(fault.data)[0] ?? []) : [];
      if (name && detail) return info(name, detail.message, requestId);
      return info(String(status), text, requestId);
    }
    case 'aliyun': {
      if (status < 400) return undefined;
      const parsed = aliyunErrorBody.safeParse(
        typeof body === 'object' && body !== null && 'Error' in body ? body.Error : body,
      );
      if (parsed.success) return info(parsed.data.Code, parsed.data.Message, parsed.data.RequestId);
      return info(String(status), text, headers.get('x-acs-request-id'));
    }
    case 'hpc': {
      const envelope = errorEnvelope.safeParse(body);
      if (envelope.success)
        return envelope.data.code === '0' ? undefined : info(envelope.data.code, envelope.data.msg);
      if (status < 400) return undefined;
      const spring = springErrorBody.safeParse(body);
      if (spring.success) return info(spring.data.error, spring.data.error);
      return info(String(status), text);
    }
  }
}

/** Reads an answer that is an error into a `ProviderApiError`; `undefined` when it is a success. */
export async function toProviderApiError(
  provider: ProviderName,
  response: Response,
): Promise<{ error: ProviderApiError | undefined; body: unknown }> {
  const text = await response.text();
  const info = readProviderError(provider, response.status, response.headers, text);
  if (!info) return { error: undefined, body: parseBody(text, response.headers.get('content-type') ?? '') };
  return {
    error: new ProviderApiError(
      provider,
      response.status,
      info.code,
      info.message,
      info.requestId,
      info.body,
    ),
    body: info.body,
  };
}
