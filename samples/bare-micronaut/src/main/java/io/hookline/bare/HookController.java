package io.hookline.bare;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;

/** Accepts any webhook without reading, verifying or storing it: 200 and a small JSON body. */
@Controller("/hooks")
public class HookController {

    /** The answer, as small as the receiver's acknowledgement. */
    @Serdeable
    public record Accepted(String source, boolean accepted) {}

    @Post("/{source}")
    public Accepted accept(String source) {
        return new Accepted(source, true);
    }
}
