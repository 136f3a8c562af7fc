// The control API under /__emulator/, relative to the page (served at /__emulator/).

/**
 * Calls the control API; resolves with the JSON answer (or `null` for 204), rejects with the message of the
 * control API's `{"error": {"code", "message"}}`, or with what went wrong on the way.
 */
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
    throw new Error(`the emulator did not answer (${error.message})`);
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let data;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  if (!response.ok) throw new Error(data?.error?.message ?? `HTTP ${response.status}`);
  return data;
}

/** A path segment, encoded. */
export const segment = (value) => encodeURIComponent(value);
