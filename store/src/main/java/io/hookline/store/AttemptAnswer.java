package io.hookline.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a target answered to one attempt, as it is kept: the receiver has already removed
 * credentials from the URL, masked secret header values and bounded the headers and the body.
 *
 * @param status the HTTP status
 * @param url the URL the attempt went to, without credentials
 * @param headers the answer's headers, in order, names in lower case
 * @param body the first kilobyte of the answer's body, as text
 * @param tookMillis from sending the request to reading the answer
 */
public record AttemptAnswer(int status, String url, Map<String, String> headers, String body, long tookMillis) {

    public AttemptAnswer {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body == null ? "" : body;
    }
}
