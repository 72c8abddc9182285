package io.hookline.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CarriedTextTest {

    @Test
    void ordinaryTypesAreCarriedAsTheyAre() {
        for (String type : new String[] {"pull_request.opened", "invoice.paid", "customer.subscription.created",
                "meeting.started", "transcription_completed", "a+b/c:d~e!"}) {
            assertEquals(type, CarriedText.encode(type));
        }
    }

    @Test
    void whatAHeaderOrAnEnvironmentVariableCannotHoldIsPercentEncoded() {
        assertEquals("issues.opened%0Ax", CarriedText.encode("issues.opened\nx"));
        assertEquals("%E9%96%8B%E3%81%8F", CarriedText.encode("開く"));
        assertEquals("a%00b%25c%20d", CarriedText.encode("a\0b%c d"));
        assertEquals("%F0%9F%98%80", CarriedText.encode("😀"));
        assertEquals("x%E2%80%A8y%C2%85", CarriedText.encode("x\u2028y\u0085"));
    }

    @Test
    void everyTextDecodesBackToItself() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            while (text.length() < length) {
                int codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
                if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                    text.appendCodePoint(random.nextBoolean() ? codePoint : codePoint % 128);
                }
            }
            String carried = CarriedText.encode(text.toString());
            assertTrue(carried.chars().allMatch(c -> c > ' ' && c < 127), "seed " + seed + ": " + carried);
            assertEquals(text.toString(), CarriedText.decode(carried), "seed " + seed);
        }
    }

    @Test
    void aBrokenEscapeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CarriedText.decode("a%4"));
        assertThrows(IllegalArgumentException.class, () -> CarriedText.decode("a%zz"));
    }
}
