-- How a subscription signs its deliveries: 'hmac' (v1 entries, as every subscription did before),
-- 'ed25519' (v1a entries) or 'both'; and the whpk_ public key of its current Ed25519 key pair, which
-- is not secret (NULL for 'hmac'). The private key is sealed in the secret column, beside the HMAC
-- secret for 'both'.
ALTER TABLE subscriptions ADD COLUMN signing text NOT NULL DEFAULT 'hmac', ADD COLUMN public_key text;
