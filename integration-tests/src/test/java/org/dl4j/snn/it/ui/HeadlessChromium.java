package org.dl4j.snn.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium driven by Selenium through {@code /usr/bin/chromedriver}: no driver or browser download
 * (the paths come from the system properties {@code snn.chromium} and {@code webdriver.chrome.driver}), a fresh
 * profile per session, and no background traffic (sync, component updates, QUIC, first-run pages).
 */
final class HeadlessChromium implements AutoCloseable {
    private final Path profile;
    private final ChromeDriver driver;

    /** Starts a browser whose window is {@code width} x {@code height} CSS pixels; chromedriver logs to {@code log}. */
    HeadlessChromium(int width, int height, Path log) throws IOException {
        Path browser = Paths.get(System.getProperty("snn.chromium", "/usr/bin/chromium"));
        Path chromedriver = Paths.get(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
        assertThat(browser).as("chromium (Debian package chromium)").isExecutable();
        assertThat(chromedriver).as("chromedriver (Debian package chromium-driver)").isExecutable();
        profile = Files.createTempDirectory("snn-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--force-device-scale-factor=1", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(log.toFile())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Saves a PNG of the viewport to {@code file}. */
    void screenshot(Path file) throws IOException {
        File png = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.copy(png.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
