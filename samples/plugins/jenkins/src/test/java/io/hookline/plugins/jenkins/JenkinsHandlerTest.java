package io.hookline.plugins.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.AttemptFailure;
import io.hookline.spi.StoredEvent;
import io.hookline.testkit.HandlerRun;
import io.hookline.testkit.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler against a Jenkins stand-in that implements the documented trigger endpoint. */
class JenkinsHandlerTest {

    private static final Path PUSH = Path.of("src/test/resources/payloads/github/push.json");

    private JenkinsStandIn jenkins;
    private final JenkinsHandler handler = new JenkinsHandler();

    @BeforeEach
    void start() throws Exception {
        jenkins = new JenkinsStandIn("ci-bot", "11aa22bb33cc", "/job/team/job/deploy%20web/");
    }

    @AfterEach
    void stop() {
        jenkins.close();
    }

    @Test
    void eachEventQueuesItsOwnBuildWithItsIdAndTheParametersPickedFromTheBody() {
        StoredEvent first = TestEvents.fromFile("push", PUSH);
        StoredEvent second = new StoredEvent("evt_01SECONDEVENT000000000000", first.source(), first.provider(),
                first.type(), "another-delivery", first.receivedAt(), null, first.headers(), first.body());
        assertTrue(run(first).succeeded());
        assertTrue(run(second).succeeded());

        List<JenkinsStandIn.Build> builds = jenkins.builds();
        assertEquals(2, builds.size(), "two events, two builds: never merged");
        Map<String, String> parameters = builds.get(0).parameters();
        assertEquals(first.id(), parameters.get("HOOKLINE_EVENT_ID"));
        assertEquals("push", parameters.get("HOOKLINE_EVENT_TYPE"));
        assertEquals("refs/tags/simple-tag", parameters.get("BRANCH"));
        assertEquals("Codertocat/Hello-World", parameters.get("REPOSITORY"));
        assertNotEquals(parameters.get("HOOKLINE_EVENT_ID"), builds.get(1).parameters().get("HOOKLINE_EVENT_ID"));
    }

    @Test
    void jenkinsAnswersAreClassifiedAsTheDispatcherWouldRecordThem() {
        StoredEvent event = TestEvents.fromFile("push", PUSH);
        assertEquals(AttemptFailure.PERMISSION_DENIED, run(event, Map.of("token", "wrong")).failure());
        assertEquals(AttemptFailure.DOWNSTREAM_REJECTED, run(event, Map.of("job", "team/no-such-job")).failure());
        jenkins.answer = 403;
        assertEquals(AttemptFailure.PERMISSION_DENIED, run(event).failure());
        jenkins.answer = 503;
        HandlerRun.Outcome unavailable = run(event);
        assertEquals(AttemptFailure.DOWNSTREAM_UNAVAILABLE, unavailable.failure());
        assertTrue(unavailable.retried());
        jenkins.answer = 0;
        jenkins.close();
        assertEquals(AttemptFailure.DOWNSTREAM_UNAVAILABLE, run(event).failure(), "Jenkins down: retried");
        assertEquals(List.of(), jenkins.builds());
    }

    @Test
    void settingsThatCannotWorkStopTheReceiverAtStart() {
        assertEquals("hookline.routes[0].settings.tokne: unknown setting (known: [job, token, url, user] and param.NAME)",
                refused(Map.of("tokne", "x")));
        assertEquals("hookline.routes[0].settings.param.BRANCH must be a JSON Pointer such as /pull_request/head/ref",
                refused(Map.of("param.BRANCH", "ref")));
        Map<String, String> noUser = new HashMap<>(settings());
        noUser.remove("user");
        assertEquals("hookline.routes[0].settings.user is required", assertThrows(IllegalArgumentException.class,
                () -> handler.bind(HandlerRun.route(noUser, Duration.ofSeconds(5)))).getMessage());
    }

    private String refused(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(settings());
        settings.putAll(extra);
        return assertThrows(IllegalArgumentException.class,
                () -> handler.bind(HandlerRun.route(settings, Duration.ofSeconds(5)))).getMessage();
    }

    private Map<String, String> settings() {
        return Map.of("url", jenkins.url() + "/", "job", "team/deploy web", "user", "ci-bot", "token", "11aa22bb33cc",
                "param.BRANCH", "/ref", "param.REPOSITORY", "/repository/full_name");
    }

    private HandlerRun.Outcome run(StoredEvent event) {
        return run(event, Map.of());
    }

    private HandlerRun.Outcome run(StoredEvent event, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(settings());
        settings.putAll(overrides);
        return HandlerRun.run(handler, settings, Duration.ofSeconds(5), event);
    }
}
