CREATE TABLE `check_certificates` (
	`check_id` text PRIMARY KEY NOT NULL,
	`not_after` integer NOT NULL,
	`checked_at` integer NOT NULL
);
