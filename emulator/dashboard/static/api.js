// The control API under /__emulator/, relative to the page (served at /__emulator/).

/** A control-API refusal: its `{"error": {"code", "message"}}`, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** Calls the control API; resolves with the JSON answer (or `null` for 204), rejects with an `ApiError`. */
export async function api(path, { method = 'GET', body } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError(`the emulator did not answer (${error.message})`, 0);
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(`HTTP ${response.status}: ${text.slice(0, 200)}`, response.status);
  }
  if (!response.ok) throw new ApiError(data?.error?.message ?? `HTTP ${response.status}`, response.status);
  return data;
}

/** A path segment, encoded. */
export const segment = (value) => encodeURIComponent(value);
