package io.hookline.receiver.subscriptions;

import io.hookline.handlers.SignedSender;
import io.hookline.provider.common.StandardWebhooksSigner;
import io.hookline.spi.CarriedText;
import io.hookline.spi.DownstreamAnswer;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.PermanentFailureException;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.StoredEvent;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One delivery to a subscription's target, through the {@link SignedSender} the {@code forward}
 * handler uses too: signed as Standard Webhooks with an entry under each key in force, {@code v1,}
 * for an HMAC secret and {@code v1a,} for an Ed25519 private key (the new keys and the previous ones
 * during a rotation's grace), with the subscription's own
 * headers, {@code X-Hookline-Source}, {@code X-Hookline-Event-Type} (the type as
 * {@link CarriedText} encodes it) and {@code X-Hookline-Request-Id} (the request that brought the
 * event). The target's address is checked again before each delivery unless private targets are
 * allowed. What the target answered is reported with the attempt.
 */
final class SubscriptionDelivery implements RouteHandler {

    private static final String FILTERED = "[Filtered]";

    private final SignedSender sender;
    private final URI url;
    private final Map<String, String> headers;
    private final boolean allowPrivate;
    private volatile String lastAnswer;

    /** @param keys the keys in force, the current ones first */
    SubscriptionDelivery(URI url, Map<String, String> headers, List<StandardWebhooksSigner> keys, boolean allowPrivate) {
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.sender = new SignedSender(url, headers, keys);
        this.allowPrivate = allowPrivate;
    }

    @Override
    public void handle(StoredEvent event, HandlerContext context) throws Exception {
        DownstreamAnswer answered = send(SignedSender.Message.of(event), context.timeout());
        context.answered(answered);
        TargetAnswer answer = TargetAnswer.of(answered);
        if (!delivered(answer)) {
            throw notDelivered(answer);
        }
        lastAnswer = said(answer);
    }

    /** Whether the answer is a delivery: a 2xx. A redirect is not followed, so it is not one. */
    static boolean delivered(TargetAnswer answer) {
        return answer.status() >= 200 && answer.status() <= 299;
    }

    /** What an answer that is not a delivery is, for the dispatcher to classify. */
    DownstreamStatusException notDelivered(TargetAnswer answer) {
        return new DownstreamStatusException(answer.status(), answer.retryAfter(), said(answer));
    }

    private String said(TargetAnswer answer) {
        return String.format(Locale.ROOT, "HTTP %d from %s%s", answer.status(), url.getHost(),
                answer.body().isEmpty() ? "" : ": " + answer.body());
    }

    /** What the target answered to the last successful delivery: status, host, the first kilobyte. */
    String lastAnswer() {
        return lastAnswer;
    }

    /**
     * Checks the target's address, signs and POSTs a message; answers what the target said.
     *
     * <p>A target that echoes a request header (an error page quoting the {@code Authorization} it
     * refused) would put that value in the attempts table, the admin API and Sentry: the
     * subscription's header values are filtered out of the answer's body and headers.
     */
    DownstreamAnswer send(SignedSender.Message message, Duration timeout) throws Exception {
        if (!allowPrivate) {
            var refusal = TargetAddresses.refusal(url);
            if (refusal.isPresent()) {
                throw new PermanentFailureException("not delivered: " + refusal.get());
            }
        }
        DownstreamAnswer answer = sender.send(message, timeout);
        Map<String, String> answeredHeaders = new LinkedHashMap<>();
        answer.headers().forEach((name, value) -> answeredHeaders.put(name, filtered(value)));
        return new DownstreamAnswer(answer.status(), answer.url(), answeredHeaders, filtered(answer.body()),
                answer.took());
    }

    private String filtered(String text) {
        for (String value : headers.values()) {
            if (value.length() >= 4) {
                text = text.replace(value, FILTERED);
            }
        }
        return text;
    }
}
