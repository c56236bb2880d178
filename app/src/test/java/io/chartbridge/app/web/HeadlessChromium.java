package io.chartbridge.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, for the browser ITs: a fresh profile in the test's folder, nothing fetched from the
 * network (no background networking, component updates or sync), driven by Debian's chromedriver.
 */
public final class HeadlessChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * Selenium looks for DevTools support matching the browser's version on the class path and warns when it finds
     * none. The tests drive the browser through WebDriver only, so that warning says nothing about them.
     */
    private static final Logger CDP_LOOKUP = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");
    private static final Logger CHROMIUM_DRIVER = Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver");

    private HeadlessChromium() {
    }

    /** Fails with the install command when the browser or its driver is missing. */
    public static void assertInstalled() {
        assertThat(CHROMIUM).as("run scripts/install-browser.sh to install Debian's chromium").isExecutable();
        assertThat(CHROMEDRIVER).as("run scripts/install-browser.sh to install Debian's chromium-driver")
                .isExecutable();
    }

    /** A browser window of the given size ("1400,1000"), its profile in a new folder under {@code dir}. */
    public static WebDriver start(Path dir, String windowSize) throws IOException {
        CDP_LOOKUP.setLevel(Level.SEVERE);
        CHROMIUM_DRIVER.setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + windowSize,
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
