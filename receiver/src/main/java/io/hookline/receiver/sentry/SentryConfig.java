package io.hookline.receiver.sentry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;

/** Where and how failures go to Sentry ({@code hookline.sentry.*}); off while {@code dsn} is empty. */
@ConfigurationProperties("hookline.sentry")
@Context
public class SentryConfig {

    private String dsn;
    private String environment = "production";
    private String release;
    private double sampleRate = 1.0;
    private boolean sendBodies;
    private int signatureBurstThreshold = 20;
    private Duration signatureBurstWindow = Duration.ofMinutes(1);

    /** The project's DSN; empty turns Sentry off. */
    public String getDsn() {
        return dsn;
    }

    public void setDsn(String dsn) {
        this.dsn = dsn == null || dsn.isBlank() ? null : dsn.trim();
    }

    /** The environment events are filed under; test events are dropped in {@code production}. */
    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    /** The release events are filed under; defaults to the jar's version. */
    public String getRelease() {
        return release;
    }

    public void setRelease(String release) {
        this.release = release;
    }

    /** The share of events sent, 0 to 1. */
    public double getSampleRate() {
        return sampleRate;
    }

    public void setSampleRate(double sampleRate) {
        this.sampleRate = sampleRate;
    }

    /** Whether an event's body goes with its Sentry event (first 4 KB); off by default. */
    public boolean isSendBodies() {
        return sendBodies;
    }

    public void setSendBodies(boolean sendBodies) {
        this.sendBodies = sendBodies;
    }

    /** Signature failures of one source within the window that send one warning. */
    public int getSignatureBurstThreshold() {
        return signatureBurstThreshold;
    }

    public void setSignatureBurstThreshold(int signatureBurstThreshold) {
        this.signatureBurstThreshold = signatureBurstThreshold;
    }

    public Duration getSignatureBurstWindow() {
        return signatureBurstWindow;
    }

    public void setSignatureBurstWindow(Duration signatureBurstWindow) {
        this.signatureBurstWindow = signatureBurstWindow;
    }
}
