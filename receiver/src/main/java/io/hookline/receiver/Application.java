package io.hookline.receiver;

import io.micronaut.runtime.Micronaut;

/** Starts the receiver. */
public final class Application {

    private Application() {}

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
