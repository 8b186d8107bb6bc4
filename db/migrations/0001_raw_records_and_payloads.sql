CREATE TABLE "payloads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"natural_key" text NOT NULL,
	"day" date NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"payload_hash" text NOT NULL,
	"raw_record_ids" uuid[] NOT NULL,
	"dropped" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"source" text NOT NULL,
	"day" date NOT NULL,
	"body" text NOT NULL,
	"content_hash" text NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payloads" ADD CONSTRAINT "payloads_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw_records" ADD CONSTRAINT "raw_records_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payloads_natural_key_idx" ON "payloads" USING btree ("user_id","type","natural_key");--> statement-breakpoint
CREATE INDEX "payloads_user_type_start_idx" ON "payloads" USING btree ("user_id","type","start_time");--> statement-breakpoint
CREATE INDEX "payloads_account_type_updated_idx" ON "payloads" USING btree ("account_id","type","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "raw_records_user_source_day_idx" ON "raw_records" USING btree ("user_id","source","day");--> statement-breakpoint
CREATE INDEX "raw_records_account_idx" ON "raw_records" USING btree ("account_id");