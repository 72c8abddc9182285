package io.hookline.plugins.jenkins;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A job or folder name as one path segment of a Jenkins URL. */
final class JobPath {

    private JobPath() {}

    static String encode(String name) {
        return URLEncoder.encode(name.trim(), StandardCharsets.UTF_8).replace("+", "%20");
    }
}
