CREATE TABLE `daily_rollups` (
	`check_id` text NOT NULL,
	`env_id` text NOT NULL,
	`day` text NOT NULL,
	`day_start` integer NOT NULL,
	`day_end` integer NOT NULL,
	`up_count` integer NOT NULL,
	`degraded_count` integer NOT NULL,
	`down_count` integer NOT NULL,
	`downtime_ms` integer NOT NULL,
	`latency_p50_ms` integer,
	`latency_p95_ms` integer,
	`latency_p99_ms` integer,
	`latency_max_ms` integer,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`check_id`, `day`)
);
