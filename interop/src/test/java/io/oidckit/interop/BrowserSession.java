package io.oidckit.interop;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh headless Chromium (Debian's, driven by Debian's chromedriver) with a throw-away profile, so no cookie or
 * cache of an earlier flow can make a later one pass.
 *
 * <p>Both executables are given explicitly, which keeps Selenium Manager (which would try to download a driver
 * and cannot here) out of the picture; the build also sets SE_OFFLINE for the test JVM should it run anyway.
 */
final class BrowserSession implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * Selenium warns on every start that it has no DevTools bindings for this Chromium version; the suite uses no
     * DevTools, so the warning is noise. Held in a field because java.util.logging keeps loggers only weakly.
     */
    private static final java.util.logging.Logger CDP_LOGGER = quiet("org.openqa.selenium.devtools");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
        l.setLevel(java.util.logging.Level.SEVERE);
        return l;
    }

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;

    private BrowserSession(ChromeDriverService service, ChromeDriver driver, Path profile, Path screenshots) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    static BrowserSession open(String example, String user) {
        Path chromium = InteropSettings.chromium();
        Path chromedriver = InteropSettings.chromedriver();
        for (Path exe : new Path[] {chromium, chromedriver}) {
            if (!Files.isExecutable(exe)) {
                throw new IllegalStateException(exe + " is missing: apt-get install -y chromium chromium-driver");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory(InteropSettings.buildDir(), "chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(InteropSettings.logDir().resolve("chromedriver-" + example + "-" + user + ".log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox", // the suite runs as root in CI containers, where Chromium's sandbox cannot start
                "--disable-gpu",
                "--disable-dev-shm-usage", // small /dev/shm in containers crashes tabs
                // Nothing but loopback: no QUIC probing, no update, sync, or background fetches.
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-features=Translate,OptimizationHints,MediaRouter",
                "--window-size=1200,900",
                "--user-data-dir=" + profile);
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options,
                    ClientConfig.defaultConfig().readTimeout(Duration.ofSeconds(60)));
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw new IllegalStateException("could not start headless Chromium (" + chromium + " via " + chromedriver
                    + "): " + e.getMessage(), e);
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new BrowserSession(service, driver, profile, InteropSettings.screenshotDir(example));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(By by) {
        return until(d -> {
            var found = d.findElements(by);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        }, "element " + by);
    }

    /** Waits, bounded, until the visible text of the page contains {@code text}. */
    void awaitText(String text) {
        until(d -> bodyText().contains(text) ? Boolean.TRUE : null, "the text '" + text + "'");
    }

    void awaitUrlStartsWith(String prefix) {
        until(d -> d.getCurrentUrl() != null && d.getCurrentUrl().startsWith(prefix) ? Boolean.TRUE : null,
                "a URL starting with " + prefix);
    }

    <T> T until(ExpectedCondition<T> condition, String what) {
        try {
            return new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + " at " + driver.getCurrentUrl()
                    + "; the page shows: " + abbreviate(bodyText()));
        }
    }

    String bodyText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * The HTTP status of the page now shown, from the Navigation Timing API (Chromium 109+): a browser test can
     * then assert 200 or 403 on what a person actually loaded, not on a side request.
     */
    long navigationStatus() {
        Object v = ((JavascriptExecutor) driver).executeScript(
                "const e = performance.getEntriesByType('navigation')[0]; return e ? e.responseStatus : -1;");
        return v instanceof Number n ? n.longValue() : -1;
    }

    Path screenshot(String fileStem) {
        Path file = screenshots.resolve(fileStem + ".png");
        try {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("could not save " + file, e);
        }
        return file;
    }

    /** On failure: what the browser showed, as a picture and as HTML, next to the step screenshots. */
    void saveFailure(String fileStem) {
        screenshot(fileStem);
        try {
            Files.writeString(screenshots.resolve(fileStem + ".html"),
                    "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // the driver may already be gone; the service stop below ends chromedriver either way
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 300 ? one.substring(0, 300) + "..." : one;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover profile in target/ is harmless; mvn clean removes it
        }
    }
}
