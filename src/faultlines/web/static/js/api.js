// The JSON API: one error shape, {"error": {"code", "message", "fix", "status"}}.

export class ApiError extends Error {
  constructor(error) {
    super(`[${error.code}] ${error.message} Fix: ${error.fix}`);
    this.code = error.code;
    this.status = error.status;
  }
}

/** GET an API route with query parameters (arrays repeat the parameter). */
export async function api(path, params = {}) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    for (const v of [value].flat()) if (v !== null && v !== undefined) url.searchParams.append(key, v);
  }
  const response = await fetch(url, {headers: {Accept: "application/json"}});
  const body = await response.json();
  if (!response.ok) throw new ApiError(body.error);
  return body;
}
