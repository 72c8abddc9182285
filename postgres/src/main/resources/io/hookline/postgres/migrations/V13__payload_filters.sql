-- Filters on the payload (where: of routes and subscriptions). routing_notes: what routing found
-- worth telling about an event, a line each, such as a route's where: that failed on it; null when
-- nothing. where_expression: a subscription's where:, null for every event its patterns take.
ALTER TABLE events ADD COLUMN routing_notes text;
ALTER TABLE subscriptions ADD COLUMN where_expression text;
