package org.dl4j.snn.it.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on this machine, as a user's cluster runs it: one
 * {@code org.apache.spark.deploy.master.Master} and N {@code org.apache.spark.deploy.worker.Worker} JVMs from the
 * Spark jars, everything on 127.0.0.1 ({@code --host}, {@code SPARK_LOCAL_IP}). Spark's home is a folder whose
 * {@code jars/} holds the Spark jar (a link), from which workers start their executors. {@link #close} stops every
 * process it started, executors included.
 */
final class Cluster implements AutoCloseable {
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final int port;
    private final int webUiPort;

    private Cluster(Process master, int port, int webUiPort) {
        this.master = master;
        this.port = port;
        this.webUiPort = webUiPort;
    }

    /** Starts a master and {@code workers} workers of 1 core and {@code memory} each, and waits for them. */
    static Cluster start(Path dir, int workers, String memory, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path jars = Files.createDirectories(dir.resolve("spark-home").resolve("jars"));
        Path link = jars.resolve("dl4j-snn-spark.jar");
        if (!Files.exists(link)) {
            Files.createSymbolicLink(link, SparkRun.jar());
        }
        Files.createDirectories(dir.resolve("logs"));
        int port = freePort();
        int webUi = freePort();
        Process master = start(dir, "master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(webUi)));
        Cluster c = new Cluster(master, port, webUi);
        try {
            for (int w = 1; w <= workers; w++) {
                Path work = Files.createDirectories(dir.resolve("work-" + w));
                c.workers.add(start(dir, "worker-" + w, List.of("org.apache.spark.deploy.worker.Worker", "--host",
                        "127.0.0.1", "--webui-port", "0", "--cores", "1", "--memory", memory, "--work-dir",
                        work.toString(), c.url())));
            }
            c.awaitWorkers(workers, timeoutSeconds);
            return c;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
    }

    private static Process start(Path dir, String name, List<String> main) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(SparkRun.java(), "-Xmx512m"));
        cmd.addAll(SparkRun.ADD_OPENS);
        cmd.addAll(List.of("-cp", dir.resolve("spark-home").resolve("jars") + "/*"));
        cmd.addAll(main);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs").resolve(name + ".log").toFile());
        SparkRun.loopbackEnv(pb.environment());
        pb.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        return pb.start();
    }

    /** {@code spark://127.0.0.1:PORT}. */
    String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** The cluster's processes (workers' executors are their descendants). */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(master.toHandle());
        workers.forEach(w -> all.add(w.toHandle()));
        return all;
    }

    private void awaitWorkers(int n, long timeoutSeconds) throws IOException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        int seen = -1;
        while (System.nanoTime() < until) {
            assertThat(master.isAlive()).as("the Spark master is running").isTrue();
            try {
                HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + webUiPort + "/json/")
                        .openConnection();
                c.setConnectTimeout(2000);
                c.setReadTimeout(2000);
                try (InputStream in = c.getInputStream()) {
                    Matcher m = alive.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    if (m.find()) {
                        seen = Integer.parseInt(m.group(1));
                        if (seen >= n) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the Spark master has " + seen + " of " + n + " workers after " + timeoutSeconds
                + " s");
    }

    @Override
    public void close() {
        for (Process w : workers) {
            stop(w.toHandle());
        }
        stop(master.toHandle());
    }

    /** Stops a process and its descendants: politely, then by force after 30 s. */
    static void stop(ProcessHandle p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p);
        all.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle h : all) {
            while (h.isAlive() && System.nanoTime() < until) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
