/**
 * The Hookline receiver, a Micronaut application: this package holds what starts it (the start
 * checks, the command line, the start-up report), and each package under it one feature.
 *
 * <p><b>Which package may use which.</b> No package reaches up into one that depends on it: the
 * packages form no cycle. Today they stand in this order, and each uses only packages on lines
 * below its own:
 *
 * <pre>
 * io.hookline.receiver   what starts the receiver
 * health, bench          liveness and readiness; the benchmark's ceiling endpoint
 * admin                  the admin API and the dashboard, behind one token filter
 * reconcile              catch-up with the providers' APIs
 * subscriptions          delivery targets managed at run time
 * ingest                 the webhook endpoint, the sources and the one intake
 * rejections             refused requests and their diagnosis
 * dispatch               routes, the dispatcher, retention
 * operational            Hookline's own happenings, stored as events of the source hookline
 * metrics                the Prometheus metrics
 * sentry, plugins,       Sentry and the secret filter; loaded plugins; client addresses;
 *   clients, store,        opening and migrating the store; bodies' content codings; the
 *   encoding, filters      where: expressions of routes and subscriptions
 * config, error, logs    the receiver's settings and the version; error classes and request ids; log fields
 * </pre>
 *
 * <p>When a lower package needs something of a higher one, it declares a small interface that the
 * higher one implements, and Micronaut injects the bean: {@code config.SecretSettings} (each
 * configuration bean names its secrets, for the start checks and the secret filter),
 * {@code operational.OperationalIntake} (the intake, implemented by {@code ingest.Intake}),
 * {@code rejections.ConfiguredSources} (the sources, implemented by {@code ingest.Sources}). A
 * new dependency may move a package up or down this list; one that closes a cycle fails
 * {@code PackageDependenciesTest}, which names the packages of the cycle and the classes that make
 * each step of it.
 */
package io.hookline.receiver;
