package be.randhub.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the hub process: its heap as the JVM's own jstat reports it (eden, survivors and old generation in
 * use, sampled every 100 ms) and its resident memory from /proc. Peaks are kept per measurement.
 */
final class ResourceSampler implements AutoCloseable {

    /** /proc's clock ticks per second (USER_HZ), 100 on Linux. */
    private static final long CLOCK_TICKS = 100;

    private final long pid;
    private final Process jstat;
    private final AtomicLong peakHeap = new AtomicLong();
    private final Thread reader;

    ResourceSampler(long pid) throws IOException {
        this.pid = pid;
        this.jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc", String.valueOf(pid), "100")
                .redirectErrorStream(true).start();
        this.reader = new Thread(this::read, "jstat-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
            String header = lines.readLine();
            if (header == null) {
                return;
            }
            java.util.List<String> columns = java.util.List.of(header.trim().split("\\s+"));
            String line;
            while ((line = lines.readLine()) != null) {
                String[] values = line.trim().split("\\s+");
                if (values.length != columns.size() || !Character.isDigit(values[0].charAt(0))) {
                    continue;
                }
                double kilobytes = 0;
                for (String used : new String[] {"S0U", "S1U", "EU", "OU"}) {
                    kilobytes += Double.parseDouble(values[columns.indexOf(used)]);
                }
                long bytes = (long) (kilobytes * 1024);
                peakHeap.accumulateAndGet(bytes, Math::max);
            }
        } catch (IOException | RuntimeException stopped) {
            // the hub or jstat ended
        }
    }

    /** Forgets the peak so far and returns it. */
    long takePeakHeap() {
        return peakHeap.getAndSet(0);
    }

    /** CPU time the hub process has used so far (user + system), in milliseconds. */
    long hubCpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / CLOCK_TICKS;
    }

    /** CPU time this benchmark's own process (the clients and receivers) has used so far, in milliseconds. */
    static long clientCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    /** What counts as quiet: CPU milliseconds per second. */
    private long quiet = 100;

    /** Quiet is at most half as busy again as the idle hub measured (and never under a tenth of a core). */
    void idleIs(double cpuMillisPerSecond) {
        quiet = Math.max(100, Math.round(cpuMillisPerSecond * 1.5));
    }

    /**
     * Waits until the hub is quiet (under a tenth of a core for a second, or half as busy again as idle: trail and
     * feed of the previous phase written, JIT mostly done), at most a minute, so one phase's leftovers do not slow
     * the next one down.
     */
    void awaitQuiet() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        long before = hubCpuMillis();
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            long now = hubCpuMillis();
            if (now - before < quiet) {
                return;
            }
            before = now;
        }
    }

    /** Asks the hub for a full collection, so a measurement's peak heap is not the previous one's garbage. */
    void collectGarbage() throws IOException, InterruptedException {
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        Thread.sleep(300);
        takePeakHeap();
    }

    /** The process's peak resident memory since it started (VmHWM), in bytes. */
    long peakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        jstat.destroy();
    }
}
