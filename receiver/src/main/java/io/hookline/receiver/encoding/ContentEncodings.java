package io.hookline.receiver.encoding;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import java.util.Locale;

/**
 * A body sent with {@code Content-Encoding}, read for what it says. The HTTP layer leaves request
 * bodies as they arrived ({@code micronaut.server.netty.request-decompression-enabled: false}):
 * the signature is checked over the bytes the sender sent and those bytes are stored. Only a
 * provider's {@code identify}, which reads the event's id and type out of the JSON, needs the
 * decoded body, and gets it from here, inflated up to {@code hookline.max-body-size} so that a
 * small compressed body cannot become a large one in memory. The rejection log's diagnosis uses it
 * too, to see whether a refused body was signed before it was compressed.
 */
public final class ContentEncodings {

    private ContentEncodings() {}

    /**
     * The request with its body decoded, or the request itself when it has no content coding.
     *
     * @throws WebhookException 415 {@code encoding_unsupported} for a coding other than gzip or
     *     deflate; 413 {@code payload_too_large} when the body inflates beyond {@code limit}
     * @throws InvalidPayloadException when the body is not what its coding says
     */
    public static InboundRequest decoded(InboundRequest request, long limit) {
        String coding = request.header("content-encoding").map(value -> value.trim().toLowerCase(Locale.ROOT))
                .orElse("identity");
        return switch (coding) {
            case "", "identity" -> request;
            case "gzip", "x-gzip", "deflate" -> withBody(request, decodedBody(coding, request.body(), limit));
            default -> throw new WebhookException(ErrorClass.ENCODING_UNSUPPORTED, "Content-Encoding '" + coding
                    + "' is not supported; send the body with gzip, deflate or no content coding");
        };
    }

    /**
     * A stored body with its {@code Content-Encoding} (the header's value, or null) undone: gzip,
     * x-gzip and deflate are inflated up to {@code limit}; any other coding, or none, leaves it as
     * it is (a webhook's coding was checked when it came).
     *
     * @throws WebhookException 413 {@code payload_too_large} when the body inflates beyond {@code limit}
     * @throws InvalidPayloadException when the body is not what its coding says
     */
    public static byte[] decodedBody(String contentEncoding, byte[] body, long limit) {
        String coding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (coding) {
            case "gzip", "x-gzip" -> Inflation.gzip(coding, body, limit);
            case "deflate" -> Inflation.deflate(body, limit);
            default -> body;
        };
    }

    private static InboundRequest withBody(InboundRequest request, byte[] body) {
        return new InboundRequest(request.source(), request.headers(), request.query(), body);
    }
}
