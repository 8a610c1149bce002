ALTER TABLE "sessions" ADD COLUMN "cluster" text DEFAULT 'local' NOT NULL;--> statement-breakpoint
-- Every existing session lives in its agent's cluster (the name the agent registered with).
UPDATE "sessions" SET "cluster" = "agents"."cluster" FROM "agents" WHERE "agents"."id" = "sessions"."agent_id";--> statement-breakpoint
CREATE INDEX "sessions_cluster_state_idx" ON "sessions" USING btree ("cluster","state");
