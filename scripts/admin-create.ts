/**
 * `npm run admin:create -- --email you@example.com [--name "You"] [--role admin]`
 * Adds a person who signs in with a password (an admin unless --role says otherwise) to the
 * configured database (DATABASE_URL, or the embedded one under DATA_DIR). The password is read
 * from ADMIN_PASSWORD, or asked for on the terminal; it is never printed or logged.
 */
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { z } from "zod";
import { createUserWithPassword } from "@/lib/auth/users";
import { userRoles } from "@/lib/auth/roles";
import { getEnv } from "@/lib/config/env";
import { openDatabase } from "@/lib/db/client";

const input = z.object({
  email: z.string().trim().toLowerCase().email("--email must be an email address"),
  name: z.string().trim().max(100).optional(),
  role: z.enum(userRoles, { message: `--role must be one of ${userRoles.join(", ")}` }),
  password: z.string().min(12, "the password must be at least 12 characters").max(256),
});

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) throw new Error("set ADMIN_PASSWORD, or run this in a terminal to be asked");
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Hide what is typed: the readline echo is replaced by nothing.
  (terminal as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  process.stdout.write("Password (12+ characters): ");
  const password = await terminal.question("");
  terminal.close();
  process.stdout.write("\n");
  return password;
}

try {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "admin" },
    },
  });
  if (!values.email) throw new Error("--email is required");
  const parsed = input.safeParse({
    ...values,
    password: process.env.ADMIN_PASSWORD || (await askPassword()),
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  const env = getEnv();
  const handle = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
  try {
    const user = await createUserWithPassword(handle.db, {
      ...parsed.data,
      actor: { type: "system", id: "admin:create" },
      now: new Date(),
    });
    console.log(
      `created ${user.email} (${user.role}) in the ${handle.driver} database at ${handle.location}`,
    );
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error(`admin:create failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
