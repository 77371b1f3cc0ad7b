DROP INDEX `probe_runs_check`;--> statement-breakpoint
CREATE INDEX `probe_runs_check` ON `probe_runs` (`check_id`,`location`);