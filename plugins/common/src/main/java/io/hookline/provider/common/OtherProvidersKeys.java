package io.hookline.provider.common;

import io.hookline.spi.CatchUpSettings;

/** The catch-up keys of the built-in providers that do not apply to another one, refused in words that say whose they are. */
public final class OtherProvidersKeys {

    private OtherProvidersKeys() {}

    /**
     * Refuses {@code key} when it is set, saying plainly whose it is rather than calling it unknown.
     *
     * @param whose such as "GitHub's; Stripe takes api-key"
     * @throws IllegalArgumentException naming the full key
     */
    public static void refuse(CatchUpSettings settings, String key, String whose) {
        if (settings.setting(key).isPresent()) {
            throw new IllegalArgumentException(settings.settingKey(key)
                    + " does not apply to this source's provider: it is " + whose);
        }
    }
}
