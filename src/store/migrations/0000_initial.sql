CREATE TABLE `environments_seen` (
	`env_id` text PRIMARY KEY NOT NULL,
	`first_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`check_id` text NOT NULL,
	`env_id` text NOT NULL,
	`start` integer NOT NULL,
	`end` integer,
	`last_down_at` integer,
	`source` text NOT NULL,
	`reason` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`closed_reason` text
);
--> statement-breakpoint
CREATE INDEX `outages_env_start` ON `outages` (`env_id`,`start`);--> statement-breakpoint
CREATE INDEX `outages_check_end` ON `outages` (`check_id`,`end`);--> statement-breakpoint
CREATE TABLE `probe_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`check_id` text NOT NULL,
	`env_id` text NOT NULL,
	`at` integer NOT NULL,
	`status` text NOT NULL,
	`latency_ms` integer,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `probe_results_check_at` ON `probe_results` (`check_id`,`at`);--> statement-breakpoint
CREATE INDEX `probe_results_at` ON `probe_results` (`at`);--> statement-breakpoint
CREATE TABLE `unmonitored_spans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`check_id` text NOT NULL,
	`env_id` text NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `unmonitored_env_start` ON `unmonitored_spans` (`env_id`,`start`);--> statement-breakpoint
CREATE TABLE `exclusions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outage_id` integer NOT NULL,
	`reason` text NOT NULL,
	`justification` text NOT NULL,
	`start` integer NOT NULL,
	`end` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by` text,
	`revoke_reason` text,
	FOREIGN KEY (`outage_id`) REFERENCES `outages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `exclusions_outage` ON `exclusions` (`outage_id`);--> statement-breakpoint
CREATE TABLE `incident_environments` (
	`incident_id` integer NOT NULL,
	`env_id` text NOT NULL,
	PRIMARY KEY(`incident_id`, `env_id`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `incident_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`type` text NOT NULL,
	`message` text,
	`details` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_events_incident` ON `incident_events` (`incident_id`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`priority` text NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`public` integer NOT NULL,
	`calendar` text NOT NULL,
	`opened_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`external_ref` text,
	`response_due_at` integer NOT NULL,
	`resolution_due_at` integer,
	`responded_at` integer,
	`resolved_at` integer,
	`outage_id` integer,
	`check_id` text,
	`feature` text,
	FOREIGN KEY (`outage_id`) REFERENCES `outages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incidents_opened` ON `incidents` (`opened_at`);--> statement-breakpoint
CREATE TABLE `maintenance_environments` (
	`window_id` integer NOT NULL,
	`env_id` text NOT NULL,
	PRIMARY KEY(`window_id`, `env_id`),
	FOREIGN KEY (`window_id`) REFERENCES `maintenance_windows`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `maintenance_environments_env` ON `maintenance_environments` (`env_id`);--> statement-breakpoint
CREATE TABLE `maintenance_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`window_id` integer NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	`notice_sent_at` integer NOT NULL,
	`notice_ref` text,
	`recorded_at` integer NOT NULL,
	`recorded_by` text NOT NULL,
	`change_reason` text,
	FOREIGN KEY (`window_id`) REFERENCES `maintenance_windows`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `maintenance_versions_window` ON `maintenance_versions` (`window_id`);--> statement-breakpoint
CREATE TABLE `maintenance_windows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`impact` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`cancelled_at` integer,
	`cancelled_by` text,
	`cancel_reason` text
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `daemon_lock` (
	`id` integer PRIMARY KEY NOT NULL,
	`pid` integer NOT NULL,
	`host` text NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_hash_unique` ON `tokens` (`hash`);