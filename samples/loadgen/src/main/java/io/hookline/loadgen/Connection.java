package io.hookline.loadgen;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One keep-alive HTTP/1.1 connection sending requests one after the other. At a fixed rate each
 * request has an intended send time, and latency is measured from it, so a stalled server is not
 * hidden by requests that were never sent (no coordinated omission).
 */
final class Connection implements Runnable {

    private static final byte[] ACCEPTED = "\"accepted\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DUPLICATE = "\"duplicate\"".getBytes(StandardCharsets.US_ASCII);
    private static final int RECENT = 256;

    private final LoadSettings settings;
    private final URI target;
    private final DownstreamTarget downstream;
    private final SignedRequests requests;
    private final DeliveryIds ids;
    private final long measureFrom;
    private final long stopAt;
    private final long intervalNanos;
    private final Tally tally = new Tally();
    private final String[] recent = new String[RECENT];
    private long sequence;

    Connection(LoadSettings settings, URI target, DownstreamTarget downstream, SignedRequests requests, DeliveryIds ids, long measureFrom, long stopAt,
            long intervalNanos) {
        this.settings = settings;
        this.target = target;
        this.downstream = downstream;
        this.requests = requests;
        this.ids = ids;
        this.measureFrom = measureFrom;
        this.stopAt = stopAt;
        this.intervalNanos = intervalNanos;
    }

    Tally tally() {
        return tally;
    }

    @Override
    public void run() {
        long intended = System.nanoTime() + (intervalNanos > 0 ? ThreadLocalRandom.current().nextLong(intervalNanos) : 0);
        while (System.nanoTime() < stopAt) {
            try (Socket socket = connect()) {
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
                InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                while (System.nanoTime() < stopAt) {
                    if (intervalNanos > 0) {
                        waitUntil(intended);
                    }
                    long start = intervalNanos > 0 ? intended : System.nanoTime();
                    out.write(requests.head());
                    out.write(nextId().getBytes(StandardCharsets.US_ASCII));
                    out.write(requests.tail());
                    out.flush();
                    Response response = Response.read(in);
                    long end = System.nanoTime();
                    if (start >= measureFrom) {
                        tally.record(end - start, response.status(), response.answer());
                        if (downstream != null && response.eventId() != null && end < stopAt) {
                            downstream.acknowledged(response.eventId(), end);
                        }
                    } else if (response.answer() == Tally.Answer.ACCEPTED) {
                        tally.warmupAccepted++;
                    }
                    intended += intervalNanos;
                    if (response.close()) {
                        break;
                    }
                }
            } catch (IOException e) {
                if (System.nanoTime() >= measureFrom) {
                    tally.error();
                }
                sleepQuietly();
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** A new delivery id, or, for the configured share, one this connection sent before. */
    private String nextId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (sequence > 0 && random.nextDouble() < settings.duplicates()) {
            String earlier = recent[random.nextInt((int) Math.min(sequence, RECENT))];
            if (earlier != null) {
                return earlier;
            }
        }
        String id = ids.next();
        sequence++;
        recent[(int) (sequence % RECENT)] = id;
        return id;
    }

    private static void waitUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            if (wait > 200_000) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait - 100_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The parts of an HTTP/1.1 response the report needs. */
    record Response(int status, Tally.Answer answer, boolean close, String eventId) {

        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine.length() < 12) {
                throw new EOFException("no status line");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean close = false;
            boolean chunked = false;
            String header;
            while (!(header = line(in)).isEmpty()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(java.util.Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                    close = true;
                } else if (name.equals("transfer-encoding") && value.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body = chunked ? chunked(in) : in.readNBytes((int) Math.max(length, 0));
            Tally.Answer answer = answer(body);
            return new Response(status, answer, close || (length < 0 && !chunked),
                    answer == Tally.Answer.ACCEPTED ? eventId(body) : null);
        }

        /** The {@code "id"} of an acknowledgement, or null. */
        private static String eventId(byte[] body) {
            String text = new String(body, StandardCharsets.US_ASCII);
            int at = text.indexOf("\"id\":\"");
            if (at < 0) {
                return null;
            }
            int end = text.indexOf('"', at + 6);
            return end < 0 ? null : text.substring(at + 6, end);
        }

        private static byte[] chunked(InputStream in) throws IOException {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            int size;
            while ((size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
            return body.toByteArray();
        }

        private static Tally.Answer answer(byte[] body) {
            if (contains(body, ACCEPTED)) {
                return Tally.Answer.ACCEPTED;
            }
            return contains(body, DUPLICATE) ? Tally.Answer.DUPLICATE : Tally.Answer.OTHER;
        }

        private static boolean contains(byte[] body, byte[] word) {
            outer:
            for (int i = 0; i <= body.length - word.length; i++) {
                for (int j = 0; j < word.length; j++) {
                    if (body[i + j] != word[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) b);
            }
            throw new EOFException("connection closed mid-response");
        }
    }
}
