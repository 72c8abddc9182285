package io.hookline.receiver.config;

import java.util.List;
import java.util.Map;

/**
 * A configuration bean that holds secrets and names them itself: a source its signing secrets and
 * API credentials, a route the settings whose name says secret, token or password, the receiver's
 * own settings its admin token and secret key. {@link SecretChecks} refuses placeholders among
 * them at start, and the Sentry scrubber and the dispatcher's answer filter
 * ({@code sentry.SecretValues}) collect every bean of this type; so a new kind of secret is
 * declared where its setting is, and neither needs to know the packages that configure sources or
 * routes, which depend on them.
 */
public interface SecretSettings {

    /**
     * Each secret value by its full configuration key, such as
     * {@code hookline.sources.gh.secrets[0]}; a setting that is not set may be present as null.
     */
    Map<String, String> secretsByKey();

    /**
     * Values as good as a credential that sit inside settings which are not secrets themselves (the
     * password and query values of a target URL): filtered wherever they appear, but not checked for
     * placeholders. None unless the bean says so.
     */
    default List<String> credentialsInValues() {
        return List.of();
    }
}
