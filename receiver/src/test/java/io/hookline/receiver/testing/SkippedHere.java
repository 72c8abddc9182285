package io.hookline.receiver.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.opentest4j.TestAbortedException;

/**
 * Says at the end of the run, one line per reason, which tests this machine could not run (an
 * assumption that failed, such as the browser tests without Debian's chromium) and what installs
 * what they need, so a green run on a machine without them does not look like full coverage.
 */
public final class SkippedHere implements TestExecutionListener {

    /** How the reason of a test that this machine cannot run begins; the rest says what to install. */
    static final String NEEDS = "needs ";

    private final Map<String, AtomicInteger> reasons = new ConcurrentHashMap<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest() && reason != null && reason.startsWith(NEEDS)) {
            count(reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest() && result.getStatus() == TestExecutionResult.Status.ABORTED
                && result.getThrowable().orElse(null) instanceof TestAbortedException aborted
                && aborted.getMessage() != null && aborted.getMessage().contains(NEEDS)) {
            count(aborted.getMessage().substring(aborted.getMessage().indexOf(NEEDS)));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        new TreeMap<>(reasons).forEach((reason, count) ->
                System.out.println("[hookline] " + count + " test" + (count.get() == 1 ? "" : "s")
                        + " not run on this machine: " + reason));
    }

    private void count(String reason) {
        reasons.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }
}
