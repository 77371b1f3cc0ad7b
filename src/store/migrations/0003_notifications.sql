CREATE TABLE `notification_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`env_id` text,
	`subject` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`details` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_events_key_unique` ON `notification_events` (`key`);--> statement-breakpoint
CREATE INDEX `notification_events_created` ON `notification_events` (`created_at`);--> statement-breakpoint
CREATE TABLE `notification_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`channel` text NOT NULL,
	`channel_type` text NOT NULL,
	`recipient` text NOT NULL,
	`recipient_name` text,
	`language` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`payload` text,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_attempt_at` integer,
	`last_error` text,
	`sent_at` integer,
	`ref` text,
	`window_version_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `notification_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`window_version_id`) REFERENCES `maintenance_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_outbox_delivery` ON `notification_outbox` (`event_id`,`channel`,`recipient`);--> statement-breakpoint
CREATE INDEX `notification_outbox_due` ON `notification_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `notification_outbox_version` ON `notification_outbox` (`window_version_id`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`language` text NOT NULL,
	`status` text NOT NULL,
	`confirm_token_hash` text,
	`unsubscribe_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`confirmation_sent_at` integer,
	`confirmed_at` integer,
	`unsubscribed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_email_unique` ON `subscriptions` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_unsubscribe_token_unique` ON `subscriptions` (`unsubscribe_token`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_maintenance_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`window_id` integer NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	`notice_sent_at` integer,
	`notice_ref` text,
	`recorded_at` integer NOT NULL,
	`recorded_by` text NOT NULL,
	`change_reason` text,
	FOREIGN KEY (`window_id`) REFERENCES `maintenance_windows`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_maintenance_versions`("id", "window_id", "start", "end", "notice_sent_at", "notice_ref", "recorded_at", "recorded_by", "change_reason") SELECT "id", "window_id", "start", "end", "notice_sent_at", "notice_ref", "recorded_at", "recorded_by", "change_reason" FROM `maintenance_versions`;--> statement-breakpoint
DROP TABLE `maintenance_versions`;--> statement-breakpoint
ALTER TABLE `__new_maintenance_versions` RENAME TO `maintenance_versions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `maintenance_versions_window` ON `maintenance_versions` (`window_id`);