/** True when DATABASE_URL names a PostgreSQL server (the schemes libpq accepts). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(url.trim());
}

/** Query parameters of a connection string that carry secrets. */
const SECRET_PARAMS = ['password', 'sslpassword'];

/**
 * The URL with its password (and secret query parameters) replaced by `***`, for messages and logs:
 * `postgres://guidebot:***@db.internal:5432/guidebot`. A URL that cannot be parsed is shown as its
 * scheme only, since where its password begins cannot be known.
 */
export function maskDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1];
    return scheme ? `${scheme}://***` : '***';
  }
  if (parsed.password) parsed.password = '***';
  for (const key of SECRET_PARAMS) if (parsed.searchParams.has(key)) parsed.searchParams.set(key, '***');
  return parsed.toString();
}

/** Every secret in the URL as written, so that a message quoting a server's words can be scrubbed. */
export function secretsOf(url: string): string[] {
  try {
    const parsed = new URL(url.trim());
    const secrets = [parsed.password, decodeURIComponent(parsed.password)];
    for (const key of SECRET_PARAMS) secrets.push(parsed.searchParams.get(key) ?? '');
    return [...new Set(secrets.filter((secret) => secret.length > 0))];
  } catch {
    return [];
  }
}
