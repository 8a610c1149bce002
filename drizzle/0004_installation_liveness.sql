CREATE TABLE "installation" (
	"singleton" text PRIMARY KEY DEFAULT 'this' NOT NULL,
	"last_alive_at" timestamp with time zone,
	"alive_since" timestamp with time zone
);
--> statement-breakpoint
INSERT INTO "installation" ("singleton") VALUES ('this') ON CONFLICT DO NOTHING;
