package io.hookline.provider.common;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An answer's body read into memory up to a limit, never beyond: an answer that declares a longer
 * {@code Content-Length} is not read at all, and one that streams past the limit is cut off there
 * (the connection is given up). Either fails the call with {@link TooLarge}. For every call a
 * provider makes whose answer it keeps or parses: the catch-up client's ({@link ApiClient}) and
 * any other, such as a fetch of one event.
 */
public final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The answer was longer than the limit. */
    public static final class TooLarge extends IOException {

        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("the answer is longer than " + limit + " bytes");
        }
    }

    private final long limit;
    private final long declared;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    /** What came, as it came: one copy into an array of the exact size at the end, never a doubling buffer. */
    private final List<byte[]> read = new ArrayList<>();
    private long size;
    private Flow.Subscription subscription;

    private CappedBody(long limit, long declared) {
        this.limit = limit;
        this.declared = declared;
    }

    /** Each answer's body, up to {@code limit} bytes. */
    public static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> new CappedBody(limit, info.headers().firstValueAsLong("content-length").orElse(-1));
    }

    /** Whether a call failed because its answer was longer than the limit (the client wraps the cause). */
    public static boolean tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declared > limit) {
            tooLarge();
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (size + buffer.remaining() > limit) {
                tooLarge();
                return;
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            read.add(bytes);
            size += bytes.length;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        byte[] whole = new byte[(int) size];
        int at = 0;
        for (byte[] part : read) {
            System.arraycopy(part, 0, whole, at, part.length);
            at += part.length;
        }
        read.clear();
        body.complete(whole);
    }

    private void tooLarge() {
        subscription.cancel();
        read.clear();
        body.completeExceptionally(new TooLarge(limit));
    }
}
