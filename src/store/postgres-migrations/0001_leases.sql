CREATE TABLE "leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text,
	"fence" bigint NOT NULL,
	"taken_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
