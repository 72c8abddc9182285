package io.hookline.receiver.rejections;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One finding of a refused request's diagnosis.
 *
 * @param code what was found: {@code secret_of_other_source}, {@code timestamp_outside_window},
 *     {@code body_modified}, {@code header_missing}, {@code header_malformed},
 *     {@code algorithm_unsupported}, {@code no_match}, or {@code not_diagnosed}
 * @param detail the finding in words, never a secret, a signature or the body
 */
@Serdeable
public record Finding(String code, String detail) {}
