package io.hookline.spi;

/** Why a provider rejected a request. Each maps to an error class in the receiver. */
public enum RejectionReason {
    /** A header the scheme needs (signature, timestamp, token) is absent. */
    MISSING_SIGNATURE,
    /** The header is there but cannot be parsed (wrong prefix, not hex, no timestamp). */
    MALFORMED_SIGNATURE,
    /** The signature is well formed but no configured secret produces it. */
    NO_MATCHING_SIGNATURE,
    /** The signed timestamp is outside the source's replay window, past or future. */
    TIMESTAMP_OUTSIDE_WINDOW
}
