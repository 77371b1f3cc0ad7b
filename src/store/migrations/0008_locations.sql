CREATE TABLE `location_gaps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`location` text NOT NULL,
	`check_id` text NOT NULL,
	`env_id` text NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `location_gaps_check` ON `location_gaps` (`check_id`,`location`,`start`);--> statement-breakpoint
CREATE TABLE `location_outages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`location` text NOT NULL,
	`check_id` text NOT NULL,
	`env_id` text NOT NULL,
	`start` integer NOT NULL,
	`end` integer,
	`last_down_at` integer NOT NULL,
	`reason` text,
	`closed_reason` text
);
--> statement-breakpoint
CREATE INDEX `location_outages_check` ON `location_outages` (`check_id`,`location`,`start`);--> statement-breakpoint
CREATE TABLE `quorum_progress` (
	`check_id` text PRIMARY KEY NOT NULL,
	`decided_until` integer NOT NULL
);
--> statement-breakpoint
-- The minutes gain the location in their key: the table is rebuilt (WITHOUT ROWID, as before); every existing
-- row is the implicit location's.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_probe_latency_minutes` (
	`check_id` text NOT NULL,
	`location` text DEFAULT 'default' NOT NULL,
	`minute` integer NOT NULL,
	`up` integer NOT NULL,
	`degraded` integer NOT NULL,
	`p50_ms` integer,
	`p95_ms` integer,
	`p99_ms` integer,
	`max_ms` integer,
	`latencies` text NOT NULL,
	PRIMARY KEY(`check_id`, `location`, `minute`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_probe_latency_minutes`("check_id", "location", "minute", "up", "degraded", "p50_ms", "p95_ms", "p99_ms", "max_ms", "latencies") SELECT "check_id", 'default', "minute", "up", "degraded", "p50_ms", "p95_ms", "p99_ms", "max_ms", "latencies" FROM `probe_latency_minutes`;--> statement-breakpoint
DROP TABLE `probe_latency_minutes`;--> statement-breakpoint
ALTER TABLE `__new_probe_latency_minutes` RENAME TO `probe_latency_minutes`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `probe_latency_minutes_minute` ON `probe_latency_minutes` (`minute`);--> statement-breakpoint
ALTER TABLE `probe_failures` ADD `location` text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE `probe_runs` ADD `location` text DEFAULT 'default' NOT NULL;