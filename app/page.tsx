import { redirect } from "next/navigation";
import { authorizePage } from "@/lib/auth/guard";

/** Admins land on the sessions dashboard. */
export default async function HomePage() {
  await authorizePage("/");
  redirect("/sessions");
}
