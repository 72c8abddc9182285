package io.hookline.receiver.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;

/**
 * {@code POST /bench/ceiling}: reads the body and answers 200 without verifying or storing it. The
 * HTTP ceiling the benchmark compares the real endpoint with, in the same jar and server; present
 * only when {@code hookline.bench.enabled=true}.
 */
@Controller("/bench")
@Requires(property = "hookline.bench.enabled", value = "true")
public class CeilingController {

    private static final Answer OK = new Answer("ok", 0);

    @Post(uri = "/ceiling", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public Answer ceiling(@Nullable @Body byte[] body) {
        return body == null ? OK : new Answer("ok", body.length);
    }

    /** What the ceiling answers: the body's size, proving it was read. */
    @Serdeable
    public record Answer(String status, int bytes) {}
}
