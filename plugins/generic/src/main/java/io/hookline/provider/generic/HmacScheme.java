package io.hookline.provider.generic;

import io.hookline.provider.common.Hmac;
import io.hookline.provider.common.ReplayWindow;
import io.hookline.provider.common.SignatureText;
import io.hookline.spi.SourceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A generic HMAC scheme, read once from a source's settings and checked at start:
 * <ul>
 *   <li>{@code signature-header} (required): where the signature is;</li>
 *   <li>{@code signature-prefix}: text before it, such as {@code sha256=};</li>
 *   <li>{@code encoding}: {@code hex} (default, lowercase) or {@code base64};</li>
 *   <li>{@code algorithm}: {@code sha256} (default) or {@code sha512};</li>
 *   <li>{@code signed-content}: what is signed, a template ending in {@code {body}}, such as
 *       {@code {timestamp}.{body}}; default {@code {body}};</li>
 *   <li>{@code timestamp-header}, {@code id-header}: where {@code {timestamp}} and {@code {id}}
 *       come from; {@code tolerance} bounds the timestamp (default 300 s when there is one);</li>
 *   <li>{@code id-header} or {@code id-field} (a dotted JSON path) for the idempotency key; without
 *       either, the key is the SHA-256 of the body, so identical bodies are duplicates;</li>
 *   <li>{@code type-header} or {@code type-field} for the event type; default {@code webhook}.</li>
 * </ul>
 */
record HmacScheme(
        String signatureHeader,
        String signaturePrefix,
        SignatureText encoding,
        Hmac.Algorithm algorithm,
        String prefixTemplate,
        boolean signsId,
        Optional<String> timestampHeader,
        Optional<String> idHeader,
        Optional<String> idField,
        Optional<String> typeHeader,
        Optional<String> typeField,
        ReplayWindow window,
        List<String> jsonFields) {

    static final String BODY = "{body}";

    /** Every setting the scheme reads; any other is a mistake. */
    static final Set<String> SETTINGS = Set.of("signature-header", "signature-prefix", "encoding", "algorithm",
            "signed-content", "timestamp-header", "id-header", "tolerance", "id-field", "type-header", "type-field");

    /**
     * @throws IllegalArgumentException naming the key of the first setting that cannot work
     */
    static HmacScheme of(SourceSettings source) {
        String header = source.setting("signature-header").map(String::trim).filter(value -> !value.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException(source.settingKey("signature-header")
                        + " is required: the header that carries the signature"));
        SignatureText encoding = switch (source.setting("encoding").orElse("hex").toLowerCase(Locale.ROOT)) {
            case "hex" -> SignatureText.HEX;
            case "base64" -> SignatureText.BASE64;
            default -> throw new IllegalArgumentException(source.settingKey("encoding") + " must be hex or base64");
        };
        Hmac.Algorithm algorithm = switch (source.setting("algorithm").orElse("sha256").toLowerCase(Locale.ROOT)) {
            case "sha256" -> Hmac.Algorithm.SHA256;
            case "sha512" -> Hmac.Algorithm.SHA512;
            default -> throw new IllegalArgumentException(source.settingKey("algorithm") + " must be sha256 or sha512");
        };
        String content = source.setting("signed-content").orElse(BODY);
        if (!content.endsWith(BODY) || content.indexOf(BODY) != content.length() - BODY.length()) {
            throw new IllegalArgumentException(source.settingKey("signed-content")
                    + " must end with {body} and name it once, such as {timestamp}.{body}");
        }
        Optional<String> timestampHeader = lower(source.setting("timestamp-header"));
        Optional<String> idHeader = lower(source.setting("id-header"));
        if (content.contains("{timestamp}") && timestampHeader.isEmpty()) {
            throw new IllegalArgumentException(source.settingKey("timestamp-header")
                    + " is required when signed-content uses {timestamp}");
        }
        if (content.contains("{id}") && idHeader.isEmpty()) {
            throw new IllegalArgumentException(source.settingKey("id-header") + " is required when signed-content uses {id}");
        }
        Duration tolerance = source.durationSetting("tolerance",
                timestampHeader.isPresent() ? Duration.ofSeconds(300) : Duration.ZERO);
        Optional<String> idField = source.setting("id-field");
        Optional<String> typeField = source.setting("type-field");
        List<String> jsonFields = new ArrayList<>();
        idField.ifPresent(jsonFields::add);
        typeField.ifPresent(jsonFields::add);
        return new HmacScheme(header.toLowerCase(Locale.ROOT), source.setting("signature-prefix").orElse(""),
                encoding, algorithm, content.substring(0, content.length() - BODY.length()), content.contains("{id}"),
                timestampHeader, idHeader, idField,
                lower(source.setting("type-header")), typeField, new ReplayWindow(tolerance), List.copyOf(jsonFields));
    }

    /** The signed text before the body, with the request's values in place. */
    String signedPrefix(String timestamp, String id) {
        return prefixTemplate.replace("{timestamp}", timestamp == null ? "" : timestamp).replace("{id}", id == null ? "" : id);
    }

    private static Optional<String> lower(Optional<String> header) {
        return header.map(value -> value.trim().toLowerCase(Locale.ROOT)).filter(value -> !value.isEmpty());
    }
}
