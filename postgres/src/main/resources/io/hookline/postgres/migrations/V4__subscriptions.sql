-- Outbound subscriptions that a team manages through the admin API. The secrets are sealed
-- (AES-GCM under HOOKLINE_SECRET_KEY) before they reach this table; the previous secret is kept,
-- and signed with, until previous_until while a rotation lets receivers switch.
CREATE TABLE subscriptions (
    id              text    PRIMARY KEY,
    name            text    NOT NULL UNIQUE,
    url             text    NOT NULL,
    events          text    NOT NULL,
    headers         text    NOT NULL,
    description     text,
    enabled         integer NOT NULL,
    secret          bytea   NOT NULL,
    previous_secret bytea,
    previous_until  bigint,
    created_at      bigint  NOT NULL,
    updated_at      bigint  NOT NULL
);
-- A route's (a subscription's) deliveries, newest first, for its delivery log.
CREATE INDEX deliveries_by_route ON deliveries (route, event_id);
