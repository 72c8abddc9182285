package io.hookline.receiver.ingest;

import java.util.Map;

/**
 * Where a stored event came from, kept in the stored header {@value #HEADER}: absent for a webhook
 * that arrived signed, {@value #RECONCILED} for one Hookline fetched from the provider's API with
 * the account's key. A sender cannot set it: the header is dropped from every inbound request.
 */
public final class Provenance {

    /** The stored header that says an event was not received as a signed webhook. */
    public static final String HEADER = "hookline-provenance";
    /** A webhook received and verified against the source's secret. */
    public static final String WEBHOOK = "webhook";
    /** An event fetched from the provider's API over TLS with the account's key, not signed by a webhook secret. */
    public static final String RECONCILED = "reconciled";

    private Provenance() {}

    /** The provenance of an event with these stored headers. */
    public static String of(Map<String, String> headers) {
        return headers == null ? WEBHOOK : headers.getOrDefault(HEADER, WEBHOOK);
    }
}
