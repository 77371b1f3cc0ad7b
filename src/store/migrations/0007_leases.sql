CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text,
	`fence` integer NOT NULL,
	`taken_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
