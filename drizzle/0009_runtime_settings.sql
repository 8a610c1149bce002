CREATE TABLE "runtime_settings" (
	"singleton" text PRIMARY KEY DEFAULT 'this' NOT NULL,
	"overrides" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"paused_at" timestamp with time zone,
	"paused_by" text,
	"pause_reason" text,
	"updated_at" timestamp with time zone,
	"updated_by" text
);
