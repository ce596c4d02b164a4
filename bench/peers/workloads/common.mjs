// What every workload needs: the tools' sessions by name, and a check that a pull
// really brought back every byte.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileBytes } from '../proc.mjs';
import { arcaSession } from '../tools/arca.mjs';
import { dvcSession } from '../tools/dvc.mjs';
import { mlflowSession } from '../tools/mlflow.mjs';

export const SESSIONS = { arca: arcaSession, mlflow: mlflowSession, dvc: dvcSession };

/** A fresh, empty folder for one tool in one run. */
export function runDir(work, ...parts) {
  const dir = join(work, ...parts);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The pulled content is under dst/<name> (MLflow, DVC) or dst itself (Arca's tree). */
export function checkPulled(tool, dst, name, bytes) {
  const where = existsSync(join(dst, name)) ? join(dst, name) : dst;
  const got = fileBytes(where);
  if (got !== bytes) throw new Error(`${tool} pulled ${got} bytes into ${where}, expected ${bytes}`);
}
