import type { Response } from 'express';

/** Writes the one error envelope of the API: `{"error": {code, message, data}}`. */
export function sendError(res: Response, status: number, code: string, message: string, data: Record<string, unknown>): void {
  res.status(status).json({ error: { code, message, data } });
}
