package io.hookline.provider.generic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test vectors kept as JSON lines of text fields and lists of texts, read from test resources. */
final class VectorLines {

    private static final JsonFactory JSON = new JsonFactory();

    private VectorLines() {}

    /** Every line of the resource, each as its fields: a text, or a list of texts. */
    static List<Map<String, Object>> read(String resource) {
        try (InputStream in = VectorLines.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            List<Map<String, Object>> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(fields(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> fields(String line) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(line)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() == JsonToken.START_ARRAY) {
                    List<String> texts = new ArrayList<>();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        texts.add(parser.getText());
                    }
                    fields.put(name, List.copyOf(texts));
                } else {
                    fields.put(name, parser.getText());
                }
            }
        }
        return fields;
    }
}
