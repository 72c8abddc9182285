package io.hookline.loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Receivers' saturation against SQLite's own rate on equal CPU (issue 32): slices of each
 * receiver's saturation (this JVM sends, keep-alive connections, unique delivery ids) take turns
 * with slices of {@link RawSqliteReference} (a child JVM on the CPU given, which should be the
 * receivers', kept warm between its slices), so that all meet the same moments of the machine.
 * This machine's core speed swings from one second to the next, so it prints every slice and
 * compares the best of each, and the medians. Given a receiver's process id, it also reads the
 * CPU time each of its threads spent in the slices ({@code /proc}), per acknowledged event. A
 * receiver's URL may be the HTTP ceiling ({@code /bench/ceiling}: the same server reading the body
 * and answering 200, nothing stored), to show what HTTP alone costs on the same core. With
 * {@code --target-port} it answers the deliveries of the receivers' forward routes on that port.
 *
 * <p>A receiver on one core keeps compiling for tens of seconds under load (its C2 threads took
 * a third of the core for about 40 s here), so each receiver is first saturated for the warm-up.
 *
 * <pre>java -cp hookline-loadgen.jar io.hookline.loadgen.OneCoreCompare --secret S --payload FILE --raw-data-dir DIR
 *     --receiver NAME=URL[@PID] [--receiver ...] [--raw-cpu 1] [--slices 5] [--slice 4s] [--warmup 45s]
 *     [--connections 32] [--target-port P]</pre>
 */
public final class OneCoreCompare {

    private record Receiver(String name, LoadSettings settings, long pid) {}

    private OneCoreCompare() {}

    public static void main(String[] args) throws Exception {
        List<String> loadArgs = new ArrayList<>();
        List<String> receiverArgs = new ArrayList<>();
        String rawDataDir = null;
        String rawCpu = null;
        int slices = 5;
        Duration slice = Duration.ofSeconds(4);
        Duration warmup = Duration.ofSeconds(45);
        String connections = "32";
        String payload = null;
        int targetPort = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--raw-data-dir" -> rawDataDir = value;
                case "--raw-cpu" -> rawCpu = value;
                case "--slices" -> slices = Integer.parseInt(value);
                case "--slice" -> slice = LoadSettings.duration(value);
                case "--warmup" -> warmup = LoadSettings.duration(value);
                case "--connections" -> connections = value;
                case "--receiver" -> receiverArgs.add(value);
                case "--target-port" -> targetPort = Integer.parseInt(value);
                case "--payload" -> {
                    payload = value;
                    loadArgs.addAll(List.of(args[i], value));
                }
                default -> loadArgs.addAll(List.of(args[i], value));
            }
        }
        if (rawDataDir == null || payload == null || receiverArgs.isEmpty()) {
            System.err.println("usage: java -cp hookline-loadgen.jar io.hookline.loadgen.OneCoreCompare --secret S --payload FILE"
                    + " --raw-data-dir DIR --receiver NAME=URL[@PID] [--receiver ...] [--raw-cpu 1] [--slices 5] [--slice 4s]"
                    + " [--warmup 45s] [--connections 32]");
            System.exit(2);
        }
        List<Receiver> receivers = new ArrayList<>();
        for (String spec : receiverArgs) {
            receivers.add(receiver(spec, loadArgs, connections, slice));
        }

        // The downstream of the receivers' forward routes, if they have any: it answers 200 to each delivery.
        AutoCloseable downstream = targetPort > 0 ? new DownstreamTarget(targetPort) : () -> {};
        Process raw = startRaw(rawCpu, rawDataDir, payload);
        try (downstream; PrintWriter toRaw = new PrintWriter(raw.getOutputStream(), true, StandardCharsets.UTF_8);
                BufferedReader fromRaw = new BufferedReader(new InputStreamReader(raw.getInputStream(), StandardCharsets.UTF_8))) {
            double seconds = slice.toMillis() / 1000.0;
            for (Receiver receiver : receivers) {
                warm(receiver, warmup);
            }
            rawSlice(toRaw, fromRaw, slice);
            int parts = receivers.size() + 1;
            double[][] rates = new double[parts][slices];
            Map<String, Map<String, Long>> cpu = new LinkedHashMap<>();
            long[] acknowledged = new long[receivers.size()];
            for (int i = 0; i < slices; i++) {
                // Each slice starts with another part, so a drift of the machine falls on all alike.
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "slice %d ", i + 1));
                for (int k = 0; k < parts; k++) {
                    int part = (i + k) % parts;
                    if (part == receivers.size()) {
                        rates[part][i] = rawSlice(toRaw, fromRaw, slice) / seconds;
                        continue;
                    }
                    Receiver receiver = receivers.get(part);
                    Map<String, Long> before = threadTicks(receiver.pid());
                    long accepted = receiverSlice(receiver.settings());
                    Map<String, Long> after = settled(receiver.pid());
                    acknowledged[part] += accepted;
                    Map<String, Long> spent = cpu.computeIfAbsent(receiver.name(), n -> new TreeMap<>());
                    after.forEach((thread, ticks) -> spent.merge(thread, ticks - before.getOrDefault(thread, 0L), Long::sum));
                    rates[part][i] = accepted / seconds;
                }
                for (int part = 0; part < parts; part++) {
                    line.append(String.format(Locale.ROOT, "  %s %,.0f/s", name(receivers, part), rates[part][i]));
                }
                System.out.println(line);
            }
            double rawBest = max(rates[receivers.size()]);
            double rawMedian = median(rates[receivers.size()]);
            System.out.printf(Locale.ROOT, "raw sqlite  best %,.0f/s (%.0f us an event)  median %,.0f/s%n", rawBest, 1e6 / rawBest,
                    rawMedian);
            for (int part = 0; part < receivers.size(); part++) {
                double best = max(rates[part]);
                System.out.printf(Locale.ROOT, "%-10s  best %,.0f/s (%.0f us an event)  median %,.0f/s   against raw sqlite:"
                        + " best %.3f  median %.3f%n", receivers.get(part).name(), best, 1e6 / best, median(rates[part]),
                        best / rawBest, median(rates[part]) / rawMedian);
            }
            for (int part = 1; part < receivers.size(); part++) {
                System.out.printf(Locale.ROOT, "%s against %s: best %.3f  median %.3f%n", receivers.get(part).name(),
                        receivers.get(0).name(), max(rates[part]) / max(rates[0]), median(rates[part]) / median(rates[0]));
            }
            for (int part = 0; part < receivers.size(); part++) {
                printCpu(receivers.get(part).name(), cpu.get(receivers.get(part).name()), acknowledged[part]);
            }
        } finally {
            raw.destroy();
        }
    }

    private static Receiver receiver(String spec, List<String> loadArgs, String connections, Duration slice) throws IOException {
        int equals = spec.indexOf('=');
        if (equals < 1) {
            throw new IllegalArgumentException("--receiver is NAME=URL[@PID], not " + spec);
        }
        String url = spec.substring(equals + 1);
        long pid = 0;
        int at = url.lastIndexOf('@');
        if (at > 0) {
            pid = Long.parseLong(url.substring(at + 1));
            url = url.substring(0, at);
        }
        List<String> args = new ArrayList<>(loadArgs);
        args.addAll(List.of("--url", url, "--connections", connections, "--duration", slice.toMillis() + "ms", "--warmup", "300ms"));
        LoadSettings settings = LoadSettings.parse(args.toArray(String[]::new));
        String host = settings.url().getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("the comparison sends as fast as it can: loopback only, not " + host);
        }
        return new Receiver(spec.substring(0, equals), settings, pid);
    }

    private static void warm(Receiver receiver, Duration warmup) throws InterruptedException {
        long slices = Math.max(1, warmup.toMillis() / receiver.settings().duration().toMillis());
        for (long i = 0; i < slices; i++) {
            receiverSlice(receiver.settings());
        }
    }

    /** Requests answered 200 in the slice; every one must be (an event accepted, or the HTTP ceiling's answer). */
    private static long receiverSlice(LoadSettings settings) throws InterruptedException {
        Tally tally = LoadGenerator.run(settings, null).tally();
        long ok = tally.statuses.getOrDefault(200, 0L);
        if (tally.errors > 0 || ok != tally.requests() || tally.duplicates > 0) {
            throw new IllegalStateException(settings.url() + " answered other than 200 'accepted': statuses " + tally.statuses
                    + ", duplicates " + tally.duplicates + ", connection errors " + tally.errors);
        }
        return ok;
    }

    private static long rawSlice(PrintWriter toRaw, BufferedReader fromRaw, Duration slice) throws IOException {
        toRaw.println("slice " + slice.toMillis());
        String answer = fromRaw.readLine();
        if (answer == null) {
            throw new IllegalStateException("the raw SQLite reference stopped");
        }
        return Long.parseLong(answer.trim());
    }

    /**
     * The process's threads' CPU time once the work a slice left behind is done: the log lines still
     * queued, the collection of its garbage. Without the wait that work fell on the next slice, another
     * part's, on the same core: an A/A run (two sources doing the same work) put the second part 10% lower.
     * Settled is two polls 50 ms apart with at most one tick (10 ms) between them, or 3 s at most.
     */
    private static Map<String, Long> settled(long pid) throws InterruptedException {
        Map<String, Long> ticks = threadTicks(pid);
        if (pid <= 0) {
            return ticks;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        long total = total(ticks);
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            Map<String, Long> now = threadTicks(pid);
            long nowTotal = total(now);
            boolean quiet = nowTotal - total <= 1;
            ticks = now;
            total = nowTotal;
            if (quiet) {
                break;
            }
        }
        return ticks;
    }

    private static long total(Map<String, Long> ticks) {
        return ticks.values().stream().mapToLong(Long::longValue).sum();
    }

    /** CPU time (user and system, in clock ticks) of each thread of the process so far, by thread name. */
    private static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> ticks = new TreeMap<>();
        if (pid <= 0) {
            return ticks;
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // The name is in parentheses and may hold spaces: the fields count from after it.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[-#]?\\d+$", "");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // A thread that ended between the listing and the read.
                }
            }
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
    }

    private static void printCpu(String name, Map<String, Long> spent, long acknowledged) {
        if (spent == null || spent.isEmpty() || acknowledged == 0) {
            return;
        }
        // Linux reports thread times in clock ticks of 10 ms on every usual configuration (USER_HZ = 100).
        double usPerTick = 10_000;
        long total = spent.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s  CPU per answered request: %.0f us =", name,
                total * usPerTick / acknowledged));
        spent.entrySet().stream().filter(e -> e.getValue() * usPerTick / acknowledged >= 1)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> line.append(String.format(Locale.ROOT, " %s %.0f", e.getKey(), e.getValue() * usPerTick / acknowledged)));
        System.out.println(line);
    }

    private static String name(List<Receiver> receivers, int part) {
        return part == receivers.size() ? "raw" : receivers.get(part).name();
    }

    private static Process startRaw(String cpu, String dataDir, String payload) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath;
        try {
            classpath = Path.of(OneCoreCompare.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> command = new ArrayList<>();
        if (cpu != null) {
            command.addAll(List.of("taskset", "-c", cpu));
        }
        command.addAll(List.of(java, "-cp", classpath, RawSqliteReference.class.getName(), "--data-dir", dataDir, "--payload",
                payload, "--serve"));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
