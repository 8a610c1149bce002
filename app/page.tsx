import { redirect } from "next/navigation";

/** Admins land on the sessions dashboard. */
export default function HomePage() {
  redirect("/sessions");
}
