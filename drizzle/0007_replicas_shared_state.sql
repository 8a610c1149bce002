CREATE TABLE "auth_failure_counts" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
--> statement-breakpoint
ALTER TABLE "reconcile_runs" ADD COLUMN "figures" jsonb;--> statement-breakpoint
CREATE INDEX "auth_failure_counts_expire_idx" ON "auth_failure_counts" USING btree ("expire");