package io.hookline.receiver.rejections;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hookline.receiver.encoding.ContentEncodings;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a request was refused, worked out by asking the providers' own verifiers a few more
 * questions: would another source's secret have verified it, would it verify at a time one of its
 * headers carries, would a likely original of its body verify. Each question is one more
 * verification, a few dozen at most, so the work is bounded by the number of sources. Provider
 * agnostic: it goes through the SPI only, so it diagnoses plugin providers too.
 */
final class Diagnosis {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern EPOCH = Pattern.compile("(?<![0-9])([0-9]{10}|[0-9]{13})(?![0-9])");
    private static final int MOST_TIMESTAMPS = 5;
    private static final int MOST_OTHER_SOURCES = 50;
    /** How far a refused compressed body is inflated to see whether it was signed before compression. */
    private static final long MOST_INFLATED = 8L * 1024 * 1024;

    private Diagnosis() {}

    /**
     * @param source the source refused it
     * @param verifier that source's verifier
     * @param request the request as it was refused
     * @param rejected the provider's verdict
     * @param now when it was refused
     * @param others the other sources' verifiers, by name
     */
    static List<Finding> of(String source, SourceVerifier verifier, InboundRequest request,
            Verification.Rejected rejected, Instant now, Map<String, SourceVerifier> others) {
        List<Finding> findings = new ArrayList<>();
        switch (rejected.reason()) {
            case MISSING_SIGNATURE -> findings.add(unsupportedScheme(verifier, request)
                    .orElse(new Finding("header_missing", rejected.detail())));
            case MALFORMED_SIGNATURE -> findings.add(new Finding("header_malformed", rejected.detail()));
            case TIMESTAMP_OUTSIDE_WINDOW -> findings.add(skew(verifier, request, now)
                    .orElse(new Finding("timestamp_outside_window", rejected.detail())));
            case NO_MATCHING_SIGNATURE -> {
                otherSource(source, request, now, others).ifPresent(findings::add);
                modifiedBody(verifier, request, now).ifPresent(findings::add);
                if (findings.isEmpty()) {
                    findings.add(new Finding("no_match", "the signature matches no configured secret of source "
                            + source + ", of any other source, or any likely original of the body: probably a wrong"
                            + " or rotated secret"));
                }
            }
        }
        return findings;
    }

    /**
     * Only a signature of a scheme the source does not verify, as its provider tells
     * ({@link SourceVerifier#unsupportedScheme}); a provider that throws has nothing to tell.
     */
    private static Optional<Finding> unsupportedScheme(SourceVerifier verifier, InboundRequest request) {
        Optional<String> told;
        try {
            told = verifier.unsupportedScheme(request);
        } catch (RuntimeException | LinkageError nothingToTell) {
            return Optional.empty();
        }
        return told == null ? Optional.empty() : told.filter(detail -> !detail.isBlank())
                .map(detail -> new Finding("algorithm_unsupported", detail));
    }

    /** The request verifies at a time one of its headers carries: its signature is good, its clock or its delay is not. */
    private static Optional<Finding> skew(SourceVerifier verifier, InboundRequest request, Instant now) {
        for (Instant signedAt : timestampsIn(request)) {
            if (verifies(verifier, request, signedAt)) {
                long seconds = now.getEpochSecond() - signedAt.getEpochSecond();
                String direction = seconds >= 0 ? "in the past (a late delivery, or a replay)"
                        : "in the future (the sender's clock is ahead)";
                return Optional.of(new Finding("timestamp_outside_window", "the signature is valid; it was"
                        + " made at " + signedAt + ", " + Math.abs(seconds) + " s " + direction));
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> otherSource(String source, InboundRequest request, Instant now,
            Map<String, SourceVerifier> others) {
        int asked = 0;
        for (Map.Entry<String, SourceVerifier> other : others.entrySet()) {
            if (other.getKey().equals(source) || asked++ >= MOST_OTHER_SOURCES) {
                continue;
            }
            InboundRequest asOther = new InboundRequest(other.getKey(), request.headers(), request.query(), request.body());
            if (verifies(other.getValue(), asOther, now)) {
                return Optional.of(new Finding("secret_of_other_source", "the signature is valid under a secret"
                        + " of source " + other.getKey() + ": the sender's console points at /hooks/" + source
                        + " but holds the secret of /hooks/" + other.getKey()));
            }
        }
        return Optional.empty();
    }

    /** Likely originals of a body that something between the sender and Hookline re-encoded. */
    private static Optional<Finding> modifiedBody(SourceVerifier verifier, InboundRequest request, Instant now) {
        byte[] body = request.body();
        Map<String, byte[]> originals = new LinkedHashMap<>();
        inflated(request).ifPresent(inflated -> originals.put("the body was compressed after it was signed (the"
                + " signature is over the uncompressed bytes, not over the " + request.header("content-encoding")
                .orElse("") + " bytes that were sent)", inflated));
        compact(body).ifPresent(compact -> originals.put("the JSON was re-serialised (the sender signed it compact,"
                + " Hookline received it reformatted)", compact));
        if (endsWith(body, "\r\n")) {
            originals.put("a trailing CRLF was added", Arrays.copyOf(body, body.length - 2));
        }
        if (endsWith(body, "\n")) {
            originals.put("a trailing newline was added", Arrays.copyOf(body, body.length - 1));
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.contains("\r\n")) {
            originals.put("line ends were turned from LF into CRLF", text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
        } else if (text.contains("\n")) {
            originals.put("line ends were turned from CRLF into LF", text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> original : originals.entrySet()) {
            if (verifies(verifier, new InboundRequest(request.source(), request.headers(), request.query(),
                    original.getValue()), now)) {
                return Optional.of(new Finding("body_modified", "the signature is valid for a likely original"
                        + " of the body: " + original.getKey() + " between the sender and Hookline (a proxy, a"
                        + " framework or a relay re-encoded it; pass the body through unchanged)"));
            }
        }
        return Optional.empty();
    }

    /** The body decoded, when it came with a content coding and decodes. */
    private static Optional<byte[]> inflated(InboundRequest request) {
        if (request.header("content-encoding").isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] decoded = ContentEncodings.decoded(request, MOST_INFLATED).body();
            return decoded == request.body() ? Optional.empty() : Optional.of(decoded);
        } catch (RuntimeException notDecodable) {
            return Optional.empty();
        }
    }

    private static boolean verifies(SourceVerifier verifier, InboundRequest request, Instant now) {
        try {
            return !(verifier.verify(request, now) instanceof Verification.Rejected);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Epoch seconds or milliseconds in the headers: a signed time inside a signature header or in one of its own. */
    static Set<Instant> timestampsIn(InboundRequest request) {
        Set<Instant> found = new LinkedHashSet<>();
        for (List<String> values : request.headers().values()) {
            for (String value : values) {
                Matcher number = EPOCH.matcher(value);
                while (number.find() && found.size() < MOST_TIMESTAMPS) {
                    long n = Long.parseLong(number.group(1));
                    found.add(number.group(1).length() == 13 ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n));
                }
            }
        }
        return found;
    }

    /** The body as compact JSON with its numbers written as they were; empty if it is not JSON or already compact. */
    static Optional<byte[]> compact(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        try (JsonParser parser = JSON.createParser(body); JsonGenerator generator = JSON.createGenerator(out)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    generator.writeNumber(parser.getText());
                } else {
                    generator.copyCurrentEvent(parser);
                }
            }
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
        byte[] compact = out.toByteArray();
        return Arrays.equals(compact, body) ? Optional.empty() : Optional.of(compact);
    }

    private static boolean endsWith(byte[] body, String suffix) {
        byte[] end = suffix.getBytes(StandardCharsets.US_ASCII);
        if (body.length < end.length) {
            return false;
        }
        for (int i = 0; i < end.length; i++) {
            if (body[body.length - end.length + i] != end[i]) {
                return false;
            }
        }
        return true;
    }
}
