package io.hookline.receiver.rejections;

import java.time.Instant;
import java.util.List;

/**
 * A refused webhook request as the rejection log keeps it: never its body, a signature or a
 * secret, only what identifies it and the diagnosis.
 *
 * @param id {@code rej_…}, increasing
 * @param source the source it was sent to
 * @param provider that source's provider
 * @param code the error class it was answered with ({@code signature_invalid}, {@code replay_rejected},
 *     {@code payload_invalid}, and for a verified body that cannot be decoded {@code encoding_unsupported}
 *     or {@code payload_too_large})
 * @param detail the answer's detail (what the provider said)
 * @param receivedAt when it arrived
 * @param requestId the request id of the answer
 * @param remoteAddress the client's address: the socket's peer, or behind a proxy in
 *     {@code hookline.trusted-proxies} the address it forwarded
 * @param bodySize the body's length in bytes
 * @param bodySha256 the body's SHA-256, hex, to compare with what the sender says it sent
 * @param diagnosis the findings, the leading one first; empty until worked out
 * @param diagnosed whether the diagnosis is done
 */
public record RefusedRequest(String id, String source, String provider, String code, String detail, Instant receivedAt,
        String requestId, String remoteAddress, int bodySize, String bodySha256, List<Finding> diagnosis,
        boolean diagnosed) {

    RefusedRequest diagnosed(List<Finding> findings) {
        return new RefusedRequest(id, source, provider, code, detail, receivedAt, requestId, remoteAddress, bodySize,
                bodySha256, List.copyOf(findings), true);
    }
}
