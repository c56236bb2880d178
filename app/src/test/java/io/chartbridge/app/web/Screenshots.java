package io.chartbridge.app.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Screenshots the browser ITs take of what a user sees. Every shot goes to {@code target/screenshots/<folder>/};
 * a shot named for the documentation also goes to {@code docs/images/} when the build runs with
 * {@code -Ddocs.screenshots=true} (like {@code -Dgolden.update=true} for golden files: the README's pictures are
 * made by the tests, so they stay true, and are reviewed like code when they change).
 *
 * <pre>
 * Screenshots shots = new Screenshots("dashboard");
 * shots.page(browser, "02-run");                          // the window as it is
 * shots.fullPage(browser, "project", "dashboard-project"); // the whole page; docs/images/dashboard-project.png
 * </pre>
 */
public final class Screenshots {

    /** Set to true to (re)write the documentation's pictures under docs/images/. */
    public static final String UPDATE_DOCS = "docs.screenshots";

    private final Path folder;

    public Screenshots(String folder) {
        this.folder = Path.of("target", "screenshots", folder);
    }

    /** The browser window as it is, to {@code target/screenshots/<folder>/<name>.png}. */
    public Path page(WebDriver browser, String name) throws IOException {
        Files.createDirectories(folder);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path out = folder.resolve(name + ".png");
        Files.copy(shot, out, StandardCopyOption.REPLACE_EXISTING);
        return out;
    }

    /**
     * The whole page (the window grown to the page's height for the shot, then restored); also to
     * {@code docs/images/<docsName>.png} when {@value #UPDATE_DOCS} is set.
     */
    public Path fullPage(WebDriver browser, String name, String docsName) throws IOException {
        Dimension before = browser.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) browser).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);");
        browser.manage().window().setSize(new Dimension(before.getWidth(), Math.min(8000, height.intValue() + 140)));
        try {
            Path out = page(browser, name);
            if (Boolean.getBoolean(UPDATE_DOCS) && docsName != null) {
                Path docs = docsImages();
                Files.createDirectories(docs);
                Files.copy(out, docs.resolve(docsName + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
            return out;
        } finally {
            browser.manage().window().setSize(before);
        }
    }

    /** docs/images of the repository the test runs in (found from the module folder upwards). */
    static Path docsImages() {
        String home = System.getProperty("chartbridge.home");
        if (home != null) {
            return Path.of(home).toAbsolutePath().normalize().resolve("docs/images");
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("docs")) && Files.exists(d.resolve("chartbridge"))) {
                return d.resolve("docs/images");
            }
        }
        throw new IllegalStateException("Cannot find the repository's docs/ folder above " + Path.of("").toAbsolutePath());
    }
}
