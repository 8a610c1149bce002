CREATE TABLE "agent_commands" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"agent_id" text NOT NULL,
	"session_id" text NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dispatched_epoch" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"cluster" text NOT NULL,
	"approval_status" text DEFAULT 'pending' NOT NULL,
	"epoch" integer DEFAULT 1 NOT NULL,
	"credential_hash" text,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_heartbeat_at" timestamp with time zone,
	"connected_at" timestamp with time zone,
	"disconnected_at" timestamp with time zone,
	"inventory" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"inventory_reported_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"template" text NOT NULL,
	"namespace" text NOT NULL,
	"agent_id" text NOT NULL,
	"state" text NOT NULL,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"termination_reason" text,
	"terminated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_commands" ADD CONSTRAINT "agent_commands_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_commands" ADD CONSTRAINT "agent_commands_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agent_commands_one_open_per_session" ON "agent_commands" USING btree ("session_id","type") WHERE "agent_commands"."status" in ('pending', 'dispatched');--> statement-breakpoint
CREATE INDEX "agent_commands_agent_status_idx" ON "agent_commands" USING btree ("agent_id","status","id");--> statement-breakpoint
CREATE INDEX "agent_commands_session_idx" ON "agent_commands" USING btree ("session_id","id");--> statement-breakpoint
CREATE INDEX "sessions_state_changed_idx" ON "sessions" USING btree ("state","state_changed_at");--> statement-breakpoint
CREATE INDEX "sessions_agent_state_idx" ON "sessions" USING btree ("agent_id","state");--> statement-breakpoint
CREATE INDEX "sessions_created_idx" ON "sessions" USING btree ("created_at");