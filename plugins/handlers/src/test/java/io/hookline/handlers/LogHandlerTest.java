package io.hookline.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hookline.testkit.HandlerRun;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogHandlerTest {

    private final LogHandler log = new LogHandler();

    @Test
    void aSettingOfALogRouteIsAMistakeRefusedAtStart() {
        assertEquals("hookline.routes[0].settings.level: unknown setting; this takes no settings",
                assertThrows(IllegalArgumentException.class,
                        () -> log.bind(HandlerRun.route(Map.of("level", "debug"), Duration.ofSeconds(1)))).getMessage());
    }
}
