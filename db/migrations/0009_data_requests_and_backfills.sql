CREATE TABLE "backfill_parts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"backfill_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"start_day" date NOT NULL,
	"end_day" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"result" jsonb,
	"error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "backfills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"all_users" boolean DEFAULT false NOT NULL,
	"data_types" text[] NOT NULL,
	"start_day" date NOT NULL,
	"end_day" date NOT NULL,
	"bounds" jsonb,
	"with_samples" boolean DEFAULT true NOT NULL,
	"delivery" text DEFAULT 'events' NOT NULL,
	"large" boolean DEFAULT false NOT NULL,
	"reference" text NOT NULL,
	"requested_by" text NOT NULL,
	"endpoint" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"parts_total" integer NOT NULL,
	"parts_done" integer DEFAULT 0 NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "data_request_usage" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"days" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payloads" ADD COLUMN "summary" jsonb;--> statement-breakpoint
ALTER TABLE "payloads" ADD COLUMN "payload_bytes" integer;--> statement-breakpoint
ALTER TABLE "payloads" ADD COLUMN "summary_bytes" integer;--> statement-breakpoint
CREATE FUNCTION "hb_without_samples"(value jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  result jsonb;
  k text;
  v jsonb;
BEGIN
  IF jsonb_typeof(value) = 'object' THEN
    result := '{}'::jsonb;
    FOR k, v IN SELECT * FROM jsonb_each(value) LOOP
      IF position('samples' in k) > 0 AND jsonb_typeof(v) = 'array' THEN
        result := result || jsonb_build_object(k, '[]'::jsonb);
      ELSE
        result := result || jsonb_build_object(k, hb_without_samples(v));
      END IF;
    END LOOP;
    RETURN result;
  ELSIF jsonb_typeof(value) = 'array' THEN
    RETURN coalesce((SELECT jsonb_agg(hb_without_samples(e) ORDER BY i) FROM jsonb_array_elements(value) WITH ORDINALITY AS t(e, i)), '[]'::jsonb);
  END IF;
  RETURN value;
END $$;--> statement-breakpoint
UPDATE "payloads" SET "summary" = hb_without_samples("payload"), "payload_bytes" = octet_length("payload"::text);--> statement-breakpoint
UPDATE "payloads" SET "summary_bytes" = octet_length("summary"::text);--> statement-breakpoint
DROP FUNCTION "hb_without_samples"(jsonb);--> statement-breakpoint
ALTER TABLE "payloads" ALTER COLUMN "summary" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "payloads" ALTER COLUMN "payload_bytes" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "payloads" ALTER COLUMN "summary_bytes" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "backfill_parts" ADD CONSTRAINT "backfill_parts_backfill_id_backfills_id_fk" FOREIGN KEY ("backfill_id") REFERENCES "public"."backfills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backfill_parts" ADD CONSTRAINT "backfill_parts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backfills" ADD CONSTRAINT "backfills_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_request_usage" ADD CONSTRAINT "data_request_usage_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backfill_parts_backfill_idx" ON "backfill_parts" USING btree ("backfill_id","start_day");--> statement-breakpoint
CREATE INDEX "backfill_parts_due_idx" ON "backfill_parts" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "backfills_account_created_idx" ON "backfills" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "data_request_usage_user_at_idx" ON "data_request_usage" USING btree ("user_id","at");