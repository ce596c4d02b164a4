/** The file under configDir() that holds API keys by server URL: `{"servers": {"<url>": {"apiKey": "..."}}}`. */
export const CREDENTIALS_FILE = 'credentials.json';
