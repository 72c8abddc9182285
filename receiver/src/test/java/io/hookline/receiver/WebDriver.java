package io.hookline.receiver;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A real headless Chromium driven through chromedriver's W3C WebDriver protocol, spoken directly
 * over HTTP: enough to open a page, type, click, read text and take a screenshot.
 */
final class WebDriver implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final String base;
    private final String session;
    private final Function<String, Map<String, Object>> json;
    private final HttpClient client = HttpClient.newHttpClient();

    WebDriver(Path profile, Function<String, Map<String, Object>> json) throws IOException {
        this.json = json;
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        Eventually.await("chromedriver to listen", Duration.ofSeconds(20), this::ready, ready -> ready);
        Files.createDirectories(profile);
        String capabilities = "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\",\"goog:chromeOptions\":{"
                + "\"binary\":\"" + CHROMIUM + "\",\"args\":[\"--headless=new\",\"--no-sandbox\",\"--disable-gpu\","
                + "\"--disable-dev-shm-usage\",\"--disable-quic\",\"--no-first-run\",\"--disable-background-networking\","
                + "\"--disable-component-update\",\"--disable-sync\",\"--window-size=1280,1000\","
                + "\"--user-data-dir=" + profile + "\"]}}}}";
        Map<?, ?> value = (Map<?, ?>) call("POST", "/session", capabilities);
        session = (String) value.get("sessionId");
    }

    static boolean available() {
        return Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    }

    void open(String url) {
        call("POST", "/session/" + session + "/url", "{\"url\":\"" + url + "\"}");
    }

    String find(String css) {
        Map<?, ?> element = (Map<?, ?>) call("POST", "/session/" + session + "/element",
                "{\"using\":\"css selector\",\"value\":\"" + css.replace("\"", "\\\"") + "\"}");
        return (String) element.get(ELEMENT);
    }

    List<?> findAll(String css) {
        return (List<?>) call("POST", "/session/" + session + "/elements",
                "{\"using\":\"css selector\",\"value\":\"" + css.replace("\"", "\\\"") + "\"}");
    }

    void type(String css, String text) {
        call("POST", "/session/" + session + "/element/" + find(css) + "/value", "{\"text\":\"" + text + "\"}");
    }

    void click(String css) {
        call("POST", "/session/" + session + "/element/" + find(css) + "/click", "{}");
    }

    String text(String css) {
        return (String) call("GET", "/session/" + session + "/element/" + find(css) + "/text", null);
    }

    void screenshot(Path file) throws IOException {
        Files.write(file, Base64.getDecoder().decode((String) call("GET", "/session/" + session + "/screenshot", null)));
    }

    private Object call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Object value = json.apply(response.body()).get("value");
            if (response.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + path + ": " + response.body());
            }
            return value;
        } catch (IOException e) {
            throw new IllegalStateException("chromedriver did not answer " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean ready() {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } finally {
            driver.destroy();
        }
    }
}
