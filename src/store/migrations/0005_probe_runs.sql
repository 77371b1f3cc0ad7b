CREATE TABLE `probe_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`check_id` text NOT NULL,
	`env_id` text NOT NULL,
	`at` integer NOT NULL,
	`latency_ms` integer,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `probe_failures_check_at` ON `probe_failures` (`check_id`,`at`);--> statement-breakpoint
CREATE INDEX `probe_failures_at` ON `probe_failures` (`at`);--> statement-breakpoint
CREATE TABLE `probe_latency_minutes` (
	`check_id` text NOT NULL,
	`minute` integer NOT NULL,
	`up` integer NOT NULL,
	`degraded` integer NOT NULL,
	`p50_ms` integer,
	`p95_ms` integer,
	`p99_ms` integer,
	`max_ms` integer,
	`latencies` text NOT NULL,
	PRIMARY KEY(`check_id`, `minute`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `probe_latency_minutes_minute` ON `probe_latency_minutes` (`minute`);--> statement-breakpoint
CREATE TABLE `probe_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`check_id` text NOT NULL,
	`env_id` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`count` integer NOT NULL,
	`latency_min_ms` integer,
	`latency_max_ms` integer,
	`latency_sum_ms` integer,
	`last_latency_ms` integer
);
--> statement-breakpoint
CREATE INDEX `probe_runs_check` ON `probe_runs` (`check_id`);--> statement-breakpoint
CREATE INDEX `probe_runs_first` ON `probe_runs` (`first_at`);--> statement-breakpoint
-- Existing results folded in place: runs of consecutive results of a check with the same status and reason
-- (gaps and islands), every down as a failure, answers per minute. probe_results is dropped by the next migration.
INSERT INTO `probe_runs` (`check_id`, `env_id`, `status`, `reason`, `first_at`, `last_at`, `count`, `latency_min_ms`, `latency_max_ms`, `latency_sum_ms`, `last_latency_ms`)
SELECT `check_id`, max(`env_id`), `status`, `reason`, min(`at`), max(`at`), count(*), min(`latency_ms`), max(`latency_ms`), sum(`latency_ms`),
  max(CASE WHEN `latest_in_run` = 1 THEN `latency_ms` END)
FROM (
  SELECT *, row_number() OVER (PARTITION BY `check_id`, `status`, `reason`, `island` ORDER BY `at` DESC, `id` DESC) AS `latest_in_run`
  FROM (
    SELECT *,
      row_number() OVER (PARTITION BY `check_id` ORDER BY `at`, `id`) - row_number() OVER (PARTITION BY `check_id`, `status`, `reason` ORDER BY `at`, `id`) AS `island`
    FROM `probe_results`
  )
)
GROUP BY `check_id`, `status`, `reason`, `island`
ORDER BY min(`at`), min(`id`);--> statement-breakpoint
INSERT INTO `probe_failures` (`check_id`, `env_id`, `at`, `latency_ms`, `reason`)
SELECT `check_id`, `env_id`, `at`, `latency_ms`, `reason` FROM `probe_results` WHERE `status` = 'down' ORDER BY `at`, `id`;--> statement-breakpoint
INSERT INTO `probe_latency_minutes` (`check_id`, `minute`, `up`, `degraded`, `p50_ms`, `p95_ms`, `p99_ms`, `max_ms`, `latencies`)
SELECT `check_id`, `minute`, `up`, `degraded`,
  json_extract(`latencies`, '$[' || ((50 * `n` + 99) / 100 - 1) || ']'),
  json_extract(`latencies`, '$[' || ((95 * `n` + 99) / 100 - 1) || ']'),
  json_extract(`latencies`, '$[' || ((99 * `n` + 99) / 100 - 1) || ']'),
  `max_ms`, `latencies`
FROM (
  SELECT `check_id`, (`at` / 60000) * 60000 AS `minute`, sum(`status` = 'up') AS `up`, sum(`status` = 'degraded') AS `degraded`,
    count(`latency_ms`) AS `n`, max(`latency_ms`) AS `max_ms`,
    json_group_array(`latency_ms` ORDER BY `latency_ms`) FILTER (WHERE `latency_ms` IS NOT NULL) AS `latencies`
  FROM `probe_results` WHERE `status` <> 'down'
  GROUP BY `check_id`, `at` / 60000
);
