package io.hookline.bare;

import io.micronaut.runtime.Micronaut;

/** Starts the server and nothing else: the baseline the receiver's start is compared with. */
public final class BareApplication {

    private BareApplication() {}

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(BareApplication.class).banner(false).start();
    }
}
