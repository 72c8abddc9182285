package io.hookline.receiver.dispatch;

import io.hookline.sqlite.Retention;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prunes old bodies, keys and processed events every minute, in slices, through the writer. */
@Singleton
public class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    private static final int MAX_SLICES = 20;

    private final Retention retention;
    private final RetentionConfig config;

    public RetentionJob(Retention retention, RetentionConfig config) {
        if (config.getKeys().compareTo(config.getBodies()) < 0) {
            throw new ConfigurationException("hookline.retention.keys (" + config.getKeys()
                    + ") must be at least hookline.retention.bodies (" + config.getBodies() + "): keys must outlive bodies");
        }
        this.retention = retention;
        this.config = config;
    }

    @Scheduled(fixedDelay = "1m", initialDelay = "1m")
    void prune() {
        try {
            int total = 0;
            for (int slice = 0; slice < MAX_SLICES; slice++) {
                int changed = retention.prune(config.getBodies(), config.getKeys()).join();
                total += changed;
                if (changed == 0) {
                    break;
                }
            }
            if (total > 0) {
                LOG.info("Retention pruned {} rows", total);
            }
        } catch (RuntimeException e) {
            LOG.warn("Retention could not prune this time: {}", e.getMessage());
        }
    }
}
