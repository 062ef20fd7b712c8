-- The tables MarkovFunctions reads (dw4) and the one it may write (analytics), as MODEL.md section 1 defines them.
CREATE SCHEMA IF NOT EXISTS dw4;
CREATE SCHEMA IF NOT EXISTS analytics;

CREATE TABLE IF NOT EXISTS dw4.customer_journeys (
    customer_id      text        NOT NULL,
    journey_step     integer     NOT NULL,
    channel          text,
    "timestamp"      timestamptz NOT NULL,
    converted        boolean     NOT NULL,
    conversion_value numeric,
    customer_segment text
    -- Optional, detected by the extract: add `campaign text` (ALTER TABLE dw4.customer_journeys ADD COLUMN
    -- campaign text) to have the journeys also attributed by (channel, campaign), docs/MODEL.md section 10.
    -- Not created here, so a table without campaigns publishes exactly what it did before.
);

CREATE TABLE IF NOT EXISTS dw4.channel_performance (
    channel                  text    NOT NULL,
    current_monthly_spend    numeric NOT NULL,
    conversions_attributed   numeric NOT NULL,
    cost_per_conversion      numeric,          -- not used by the model; null where a channel has no conversions
    min_monthly_spend        numeric NOT NULL,
    max_monthly_spend        numeric NOT NULL,
    conversion_rate_per_1000 numeric NOT NULL
);

-- Optional (MODEL.md section 11): the weekly spend and reported conversions per channel, as the ad platforms
-- export them, from which each channel's response curve is fitted. One row per channel and week.
CREATE TABLE IF NOT EXISTS dw4.channel_spend_history (
    week_start  date    NOT NULL,          -- a Monday
    channel     text    NOT NULL,
    spend       numeric NOT NULL,
    conversions numeric NOT NULL,
    PRIMARY KEY (channel, week_start)
);

CREATE TABLE IF NOT EXISTS analytics.budget_scenarios (
    scenario_id           text    NOT NULL,
    budget                numeric NOT NULL,
    channel               text    NOT NULL,
    optimal_spend         numeric,
    predicted_conversions numeric,
    spend_change_pct      numeric,
    "trigger"             text,    -- weekly (the timer) or adhoc (POST /api/runs), as in every Parquet row
    PRIMARY KEY (scenario_id, budget, channel)
);

-- A table made before the trigger column gets it here (rerunning this file is safe); its older rows stay null.
ALTER TABLE analytics.budget_scenarios ADD COLUMN IF NOT EXISTS "trigger" text;
