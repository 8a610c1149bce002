import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from "node:fs";

/** The embedded database's directory is open in another live process. */
export class DatabaseInUseError extends Error {
  override name = "DatabaseInUseError";
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Takes `<directory>.lock` for this process, or refuses when a live process holds it: PGlite
 * keeps its own state in memory, and two processes writing one directory corrupt it (the app and
 * `npm run reconcile` beside it, say). A lock left by a process that died is taken over. Returns
 * the release (also run when the process exits).
 */
export function lockDirectory(directory: string): () => void {
  const lockPath = `${directory}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      const holder = Number(readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new DatabaseInUseError(
          `the embedded database in ${directory} is open in process ${holder}${holder === process.pid ? " (this one)" : ""}: stop it first, or set DATABASE_URL to a PostgreSQL server both can share`,
        );
      }
      unlinkSync(lockPath); // left by a process that is gone
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    try {
      if (readFileSync(lockPath, "utf8").trim() === String(process.pid)) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  process.on("exit", release);
  return release;
}
