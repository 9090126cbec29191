-- Daily use (issue #13): the house-number addition of a BRP address (iJw CDT_Huis: Huisletter 1, HuisnummerToevoeging max. 4).
ALTER TABLE "families" ADD COLUMN "huisletter" text;
--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "huisnummertoevoeging" text;
