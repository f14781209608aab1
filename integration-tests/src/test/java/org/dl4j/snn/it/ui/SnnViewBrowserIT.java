package org.dl4j.snn.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The SNN view in a real browser: {@code dl4j-snn.jar train --ui} on a small slice of the bundled N-MNIST sample,
 * then headless chromium loads the printed URL and must see every chart of the view drawn with data, loading
 * nothing from anywhere but the UI server on 127.0.0.1. The screenshot is kept in
 * {@code integration-tests/target/ui-it/ui-snn-view.png} (the committed one is
 * {@code dl4j-snn-examples/docs/ui-snn-view.png}).
 */
class SnnViewBrowserIT {
    private static final Pattern SNN_URL = Pattern.compile("^SNN view: (http://127\\.0\\.0\\.1:\\d+/snn)$");
    private static final String TRAINING_DONE = "Training done; the UI keeps serving";
    private static final List<String> CHARTS = List.of("chart-rate", "chart-dead-saturated", "chart-tau",
            "chart-theta", "chart-v0");

    @Test
    void snnViewOfATrainingStartedWithUiDrawsEveryChartWithData(@TempDir Path tmp) throws Exception {
        Path artifacts = Paths.get(System.getProperty("snn.it.artifacts", "target/ui-it"));
        Files.createDirectories(artifacts);
        Path data = smallNmnist(tmp.resolve("nmnist"), 10, 3);

        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-jar", jar().toString(), "train", "--preset", "nmnist_mlp", "--root",
                data.toString(), "--width", "32", "--batch", "10", "--epochs", "1", "--neuron", "plif",
                "--learn-theta", "--learn-v0", "--no-progress", "--output", tmp.resolve("run").toString(),
                "--ui", "--ui-port", "0", "--ui-wait", "--stats-every", "2"));
        Path stderr = artifacts.resolve("train-stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(repo().toFile()).redirectError(stderr.toFile()).start();
        List<String> stdout = new ArrayList<>();
        try {
            // The UI keeps serving after training (--ui-wait): the page then shows the whole run.
            URI snn = awaitUrlAndTraining(p, stdout, Duration.ofSeconds(150), stderr);
            try (HeadlessChromium chromium = new HeadlessChromium(1400, 1180, artifacts.resolve("chromedriver.log"))) {
                WebDriver driver = chromium.driver();
                driver.get(snn.toString());
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "ready".equals(
                        d.findElement(By.tagName("body")).getAttribute("data-state")) && CHARTS.stream()
                        .allMatch(id -> points(d, id) > 0));

                for (String id : CHARTS) {
                    // The attribute and Chart.js's own data must agree: the chart really holds the points.
                    assertThat(points(driver, id)).as(id).isPositive();
                    assertThat(chartJsPoints(driver, id)).as(id + " in Chart.js").isEqualTo(points(driver, id));
                }
                assertThat(Integer.parseInt(driver.findElement(By.tagName("body")).getAttribute("data-records")))
                        .isGreaterThanOrEqualTo(5);
                assertThat(driver.findElements(By.cssSelector("#latest tbody tr"))).isNotEmpty();
                assertThat(driver.findElement(By.id("status")).getText()).contains("records");

                // Only the UI server was contacted: every resource the page loaded is on its origin.
                String origin = "http://127.0.0.1:" + snn.getPort();
                @SuppressWarnings("unchecked")
                List<String> resources = (List<String>) ((JavascriptExecutor) driver).executeScript(
                        "return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
                assertThat(resources).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith(origin + "/"));

                chromium.screenshot(artifacts.resolve("ui-snn-view.png"));

                // DL4J's own training page is served by the same server, fed by the StatsListener of the run.
                driver.get(origin + "/train/overview");
                new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.findElements(
                        By.cssSelector("#scoreiterchart canvas")).isEmpty());
                chromium.screenshot(artifacts.resolve("ui-train-overview.png"));
            }
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Files.write(artifacts.resolve("train-stdout.txt"), stdout);
        }
        assertThat(String.join("\n", stdout)).containsPattern("(?m)^test accuracy: (0\\.\\d{4}|1\\.0000)$");
        assertThat(Files.readString(stderr)).doesNotContain("SLF4J: Class path contains multiple SLF4J bindings");
    }

    /** Reads the run's stdout until the SNN view's URL and the end of training have been printed. */
    private static URI awaitUrlAndTraining(Process p, List<String> lines, Duration timeout, Path stderr)
            throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process was stopped.
            }
        }, "train-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (lines.stream().noneMatch(l -> l.startsWith(TRAINING_DONE))) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.isAlive()) {
                    throw new AssertionError((p.isAlive() ? "no '" + TRAINING_DONE + "' within " + timeout
                            : "dl4j-snn train exited with " + p.waitFor()) + "; stdout:\n" + String.join("\n", lines)
                            + "\nstderr:\n" + Files.readString(stderr));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 1_000_000_000L))));
            }
            for (String l : lines) {
                Matcher m = SNN_URL.matcher(l);
                if (m.matches()) {
                    return URI.create(m.group(1));
                }
            }
            throw new AssertionError("no line 'SNN view: http://127.0.0.1:PORT/snn' in:\n" + String.join("\n", lines));
        }
    }

    private static int points(WebDriver d, String chart) {
        String v = d.findElement(By.id(chart)).getAttribute("data-points");
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static int chartJsPoints(WebDriver d, String chart) {
        Object n = ((JavascriptExecutor) d).executeScript("var c = Chart.getChart(arguments[0]); var n = 0;"
                + "c.data.datasets.forEach(function (s) { if (s.label.indexOf('\\u200b') !== 0) { n += s.data.length; } });"
                + "return n;", chart);
        return ((Number) n).intValue();
    }

    /** Copies {@code train} recordings per digit of the bundled sample's Train split and {@code test} of Test. */
    private static Path smallNmnist(Path to, int train, int test) throws IOException {
        Path sample = repo().resolve("dl4j-snn-examples/data/nmnist-small");
        for (Map.Entry<String, Integer> split : Map.of("Train", train, "Test", test).entrySet()) {
            try (Stream<Path> digits = Files.list(sample.resolve(split.getKey()))) {
                for (Path digit : digits.filter(Files::isDirectory).toList()) {
                    Path dest = Files.createDirectories(to.resolve(split.getKey()).resolve(digit.getFileName()));
                    try (Stream<Path> files = Files.list(digit)) {
                        for (Path f : files.filter(f -> f.toString().endsWith(".bin")).sorted()
                                .limit(split.getValue()).toList()) {
                            Files.copy(f, dest.resolve(f.getFileName()));
                        }
                    }
                }
            }
        }
        return to;
    }

    private static Path jar() {
        Path jar = Paths.get(System.getProperty("snn.cli.jar", "../dl4j-snn-examples/target/dl4j-snn.jar"));
        assertThat(jar).as("the runnable jar (built by mvn package)").isRegularFile();
        return jar.toAbsolutePath();
    }

    private static Path repo() {
        return Paths.get(System.getProperty("snn.repo.dir", "..")).toAbsolutePath().normalize();
    }
}
