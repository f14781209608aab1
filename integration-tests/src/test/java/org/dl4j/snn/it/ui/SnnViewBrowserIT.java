package org.dl4j.snn.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The SNN view in a real browser: {@code dl4j-snn.jar train --ui --stats-file} on a small slice of the bundled
 * N-MNIST sample, then headless chromium loads the printed URL and must see every chart of the view drawn with
 * data, loading nothing from anywhere but the UI server on 127.0.0.1; then {@code dl4j-snn.jar ui --stats-file}
 * serves the same records again from the file. The screenshots are kept in {@code integration-tests/target/ui-it/}
 * (the committed one is {@code dl4j-snn-examples/docs/ui-snn-view.png}).
 */
class SnnViewBrowserIT {
    private static final Pattern SNN_URL = Pattern.compile("^SNN view: (http://127\\.0\\.0\\.1:\\d+/snn)$");
    private static final Pattern TRAINING_DONE = Pattern.compile("^Training done; the UI keeps serving .*");
    private static final List<String> CHARTS = List.of("chart-rate", "chart-dead-saturated", "chart-tau",
            "chart-theta", "chart-v0");
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(150);

    @Test
    void snnViewOfATrainingStartedWithUiDrawsEveryChartWithData(@TempDir Path tmp) throws Exception {
        Path artifacts = Paths.get(System.getProperty("snn.it.artifacts", "target/ui-it"));
        Files.createDirectories(artifacts);
        Path data = smallNmnist(tmp.resolve("nmnist"), 10, 3);
        Path statsFile = tmp.resolve("run/stats.dl4j");

        int records;
        try (CliProcess train = CliProcess.start(CliProcess.repo(), artifacts.resolve("train-stderr.txt"), "train",
                "--preset", "nmnist_mlp", "--root", data.toString(), "--width", "32", "--batch", "10",
                "--epochs", "1", "--neuron", "plif", "--learn-theta", "--learn-v0", "--no-progress",
                "--output", tmp.resolve("run").toString(), "--stats-file", statsFile.toString(),
                "--ui", "--ui-port", "0", "--ui-wait", "--stats-every", "2")) {
            try {
                URI snn = URI.create(train.awaitLine(SNN_URL, TRAINING_TIMEOUT).group(1));
                // --ui-wait: the UI keeps serving after training, so the page shows the whole run.
                train.awaitLine(TRAINING_DONE, TRAINING_TIMEOUT);
                assertThat(String.join("\n", train.stdout()))
                        .containsPattern("(?m)^test accuracy: (0\\.\\d{4}|1\\.0000)$")
                        .contains("Stats file: " + statsFile.toAbsolutePath());
                records = checkPageInBrowser(snn, artifacts);
                assertThat(records).isGreaterThanOrEqualTo(5);
            } finally {
                Files.write(artifacts.resolve("train-stdout.txt"), train.stdout());
            }
            assertThat(train.stderr()).doesNotContain("SLF4J: Class path contains multiple SLF4J bindings")
                    .doesNotContain("No SLF4J providers");
        }

        // The stats file written by the run is viewable later, with the same records.
        try (CliProcess ui = CliProcess.start(CliProcess.repo(), artifacts.resolve("ui-stderr.txt"), "ui",
                "--stats-file", statsFile.toString(), "--ui-port", "0")) {
            URI snn = URI.create(ui.awaitLine(SNN_URL, Duration.ofSeconds(60)).group(1));
            HttpResponse<String> json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(snn.resolve(
                    "/snn/data")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
            assertThat(json.body().split("\"mean_rate\"", -1).length - 1).as(json.body()).isEqualTo(records);
        }
    }

    /** Loads the SNN view, checks its charts and origin, saves screenshots; returns the number of records shown. */
    private static int checkPageInBrowser(URI snn, Path artifacts) throws IOException {
        try (HeadlessChromium chromium = new HeadlessChromium(1400, 1300, artifacts.resolve("chromedriver.log"))) {
            WebDriver driver = chromium.driver();
            driver.get(snn.toString());
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "ready".equals(
                    d.findElement(By.tagName("body")).getAttribute("data-state"))
                    && CHARTS.stream().allMatch(id -> points(d, id) > 0));

            for (String id : CHARTS) {
                // The attribute and Chart.js's own data agree: the chart really holds the points.
                assertThat(points(driver, id)).as(id).isPositive();
                assertThat(chartJsPoints(driver, id)).as(id + " in Chart.js").isEqualTo(points(driver, id));
            }
            assertThat(driver.findElements(By.cssSelector("#latest tbody tr"))).isNotEmpty();
            assertThat(driver.findElement(By.id("status")).getText()).contains("records");

            // Only the UI server was contacted: every resource the page loaded is on its origin.
            String origin = "http://127.0.0.1:" + snn.getPort();
            @SuppressWarnings("unchecked")
            List<String> resources = (List<String>) ((JavascriptExecutor) driver).executeScript(
                    "return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
            assertThat(resources).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith(origin + "/"));
            int records = Integer.parseInt(driver.findElement(By.tagName("body")).getAttribute("data-records"));
            chromium.screenshot(artifacts.resolve("ui-snn-view.png"));

            // DL4J's own training page is served by the same server, fed by the run's StatsListener.
            driver.get(origin + "/train/overview");
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.findElements(
                    By.cssSelector("#scoreiterchart canvas")).isEmpty());
            chromium.screenshot(artifacts.resolve("ui-train-overview.png"));
            return records;
        }
    }

    private static int points(WebDriver d, String chart) {
        String v = d.findElement(By.id(chart)).getAttribute("data-points");
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static int chartJsPoints(WebDriver d, String chart) {
        Object n = ((JavascriptExecutor) d).executeScript("var c = Chart.getChart(arguments[0]); var n = 0;"
                + "c.data.datasets.forEach(function (s) {"
                + "  if (s.label.indexOf('\\u200b') !== 0) { n += s.data.length; } });"
                + "return n;", chart);
        return ((Number) n).intValue();
    }

    /** Copies {@code train} recordings per digit of the bundled sample's Train split and {@code test} of Test. */
    static Path smallNmnist(Path to, int train, int test) throws IOException {
        Path sample = CliProcess.repo().resolve("dl4j-snn-examples/data/nmnist-small");
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
}
