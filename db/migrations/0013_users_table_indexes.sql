CREATE INDEX "connections_account_created_idx" ON "connections" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "connections_account_last_poll_idx" ON "connections" USING btree ("account_id","last_poll_at");--> statement-breakpoint
CREATE INDEX "connections_account_last_data_idx" ON "connections" USING btree ("account_id","last_data_at");--> statement-breakpoint
CREATE INDEX "connections_account_last_webhook_idx" ON "connections" USING btree ("account_id","last_webhook_at");--> statement-breakpoint
CREATE INDEX "deliveries_failing_idx" ON "deliveries" USING btree ("account_id","event_id") WHERE "deliveries"."status" in ('retrying', 'dead');