package io.hookline.receiver;

import io.hookline.receiver.admin.AdminAccessConfig;
import io.hookline.receiver.admin.AdminAllowList;
import io.hookline.receiver.clients.AddressRanges;
import io.hookline.receiver.clients.ClientAddresses;
import io.hookline.receiver.config.ConfigurationKeys;
import io.hookline.receiver.config.SecretChecks;
import io.hookline.receiver.dispatch.ConfiguredRoutes;
import io.hookline.receiver.dispatch.RetentionConfig;
import io.hookline.receiver.dispatch.RetentionJob;
import io.hookline.receiver.dispatch.RouteConfig;
import io.hookline.receiver.ingest.RefusalLimits;
import io.hookline.receiver.ingest.SourceConfig;
import io.hookline.receiver.ingest.Sources;
import io.hookline.receiver.reconcile.CatchUps;
import io.hookline.receiver.subscriptions.SecretBox;
import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every check of the configuration that can run before the server starts, run together, so that a
 * configuration with several problems of different kinds lists them all in one start (or one
 * {@code check}), a line each naming the key and what to do, instead of one kind a restart.
 *
 * <p>First the text: keys no setting has, and values that cannot be read as their setting's type
 * ({@link ConfigurationKeys}). Then each check that builds on bound settings: secrets left as
 * placeholders, sources and their providers, {@code reconcile} blocks, routes and their handlers,
 * the address lists, the limits, retention, the secret key. A check that needs a setting whose value cannot be read does
 * not run (its beans cannot be built); the screen says which were left for the next run.
 *
 * <p>Built first of all the beans, before the store: a refused configuration creates no
 * {@code ./data} and migrates no database. What can only be checked with the store open (a route
 * named as a subscription is, a PostgreSQL URL) is checked where it is built.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
public class StartChecks {

    private static final Logger LOG = LoggerFactory.getLogger(StartChecks.class);

    /** The receiver's own settings, {@code hookline.<name>} ({@code HooklineConfig}): one bean, built whole or not. */
    private static final String OWN_SETTINGS = "hookline.<name>";

    /** One check: what it is called on the screen, the keys it reads (prefixes, or {@link #OWN_SETTINGS}), and the work. */
    private record Check(String what, List<String> reads, Runnable run) {

        boolean reads(String key) {
            return reads.stream().anyMatch(prefix -> prefix.equals(OWN_SETTINGS)
                    ? key.indexOf('.', "hookline.".length()) < 0 : key.startsWith(prefix));
        }
    }

    public StartChecks(BeanContext context) {
        ConfigurationKeys keys = context.getBean(ConfigurationKeys.class);
        Set<String> problems = new LinkedHashSet<>(keys.problems());
        List<String> skipped = new ArrayList<>();
        for (Check check : checks(context)) {
            if (keys.unreadableKeys().stream().anyMatch(check::reads)) {
                skipped.add(check.what());
                continue;
            }
            try {
                check.run().run();
            } catch (RuntimeException failure) {
                List<String> lines = StartFailure.configurationProblems(failure);
                if (lines.isEmpty()) {
                    throw failure;
                }
                LOG.debug("Start check of {} refused the configuration", check.what(), failure);
                problems.addAll(lines);
            }
        }
        if (!skipped.isEmpty()) {
            problems.add("not checked until the values above can be read: " + String.join(", ", skipped)
                    + "; check again once they are fixed");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("\n", problems));
        }
    }

    private static List<Check> checks(BeanContext context) {
        return List.of(
                // The admin token read alone, so that another of the receiver's own settings that cannot be read does
                // not hold back the placeholder check of the secrets.
                new Check("secrets", List.of("hookline.admin-token", "hookline.sources."), () -> refuse(SecretChecks.problems(
                        context.getBean(Environment.class).getProperty("hookline.admin-token", String.class).orElse(null),
                        sources(context)))),
                new Check("secrets in route settings", List.of("hookline.routes["),
                        () -> refuse(SecretChecks.problems(null, routes(context)))),
                new Check("sources (hookline.sources)", List.of("hookline.sources.", OWN_SETTINGS),
                        () -> context.getBean(Sources.class)),
                new Check("reconcile blocks (hookline.sources.*.reconcile)", List.of("hookline.sources."),
                        () -> catchUps(context)),
                new Check("routes (hookline.routes)", List.of("hookline.routes[", "hookline.dispatch.", OWN_SETTINGS),
                        () -> context.getBean(ConfiguredRoutes.class)),
                new Check("hookline.trusted-proxies", List.of(OWN_SETTINGS),
                        () -> context.getBean(ClientAddresses.class)),
                new Check(AdminAllowList.KEY, List.of("hookline.admin."),
                        () -> AddressRanges.parse(AdminAllowList.KEY, context.getBean(AdminAccessConfig.class).getAllowFrom())),
                new Check("hookline.refusals-per-address", List.of("hookline.refusals-per-address."),
                        () -> context.getBean(RefusalLimits.class)),
                new Check("hookline.retention", List.of("hookline.retention."),
                        () -> RetentionJob.check(context.getBean(RetentionConfig.class))),
                new Check("hookline.secret-key", List.of(OWN_SETTINGS), () -> context.getBean(SecretBox.class)));
    }

    /**
     * Binds the sources' catch-ups, which needs the sources bound. When they cannot be, the sources'
     * check says why, and only the blocks' schedules are checked here: the provider reads its keys
     * once its sources bind.
     */
    private static void catchUps(BeanContext context) {
        try {
            context.getBean(Sources.class);
        } catch (RuntimeException toldBySourcesCheck) {
            refuse(CatchUps.scheduleProblems(sources(context), context.getBean(Environment.class)));
            return;
        }
        context.getBean(CatchUps.class);
    }

    private static List<SourceConfig> sources(BeanContext context) {
        return List.copyOf(context.getBeansOfType(SourceConfig.class));
    }

    private static List<RouteConfig> routes(BeanContext context) {
        return List.copyOf(context.getBeansOfType(RouteConfig.class));
    }

    private static void refuse(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("\n", problems));
        }
    }
}
