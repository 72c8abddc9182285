package io.hookline.spi;

/**
 * One kind of webhook sender (Stripe, GitHub, Zoom, ...): turns a configured source into the
 * {@link SourceVerifier} that authenticates and identifies that source's requests.
 *
 * <p>The receiver promises: {@link #bind} is called once per configured source, at start, on the
 * thread that starts the receiver, before any request reaches that source, with the plugin's own
 * class loader as the thread's context class loader. A provider that serves several sources is
 * bound once for each. Nothing is called on the request path but the bound verifier.
 *
 * <p>Found with {@link java.util.ServiceLoader}; a public no-argument constructor is required.
 */
public interface Provider {

    /**
     * The name operators write in {@code hookline.sources.<name>.provider}, such as
     * {@code "github"}. Lower case letters, digits and dashes; unique among loaded providers.
     */
    String id();

    /**
     * Binds one source: parses its settings, decodes its secrets and compiles its patterns, once,
     * so that the returned verifier does only the work of each request.
     *
     * <p>Settings the provider does not know must be refused
     * ({@link SourceSettings#requireKnownSettings}), so that a typo such as {@code tolerence}
     * stops the receiver instead of being ignored.
     *
     * @param source the configured source, with its secrets and settings
     * @return the verifier of this source's requests, used from many threads at once
     * @throws IllegalArgumentException when a setting or secret cannot work; the message names
     *     the full key, such as {@code hookline.sources.st.settings.tolerance}, and what it accepts
     */
    SourceVerifier bind(SourceSettings source);
}
