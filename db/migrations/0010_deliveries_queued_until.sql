DROP INDEX "deliveries_due_idx";--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "queued_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("destination_id","next_attempt_at") WHERE "deliveries"."status" in ('pending', 'retrying');