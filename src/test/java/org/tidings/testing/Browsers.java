package org.tidings.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * Headless Chromium browsers for one test class, each with its own profile (so its own
 * cookies: one person per browser). Register as a static {@code @RegisterExtension}: browsers
 * are reused by name across the class's tests and quit after it; a failing test leaves a
 * screenshot and the console log of every open browser under target/browser-screenshots.
 *
 * <p>The driver is the Debian package's /usr/bin/chromedriver, never a Selenium Manager
 * download. Without it the tests fail (CI installs it: see .ci/run) rather than skip.
 */
public final class Browsers implements TestWatcher, AfterAllCallback {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path ARTIFACTS = Path.of("target", "browser-screenshots");

    private final Map<String, ChromeDriver> open = new LinkedHashMap<>();
    private final List<Path> profiles = new ArrayList<>();
    private final String language;

    /** Browsers that prefer English (the client follows the browser's languages). */
    public Browsers() {
        this("en-US");
    }

    /**
     * Browsers whose preferred language is {@code language} (a BCP 47 tag such as "zh-CN"), in
     * {@code navigator.languages} and in Accept-Language.
     */
    public Browsers(String language) {
        this.language = language;
    }

    /** The browser of this name, started on first use. */
    public synchronized ChromeDriver get(String name) {
        return open.computeIfAbsent(name, this::start);
    }

    private ChromeDriver start(String name) {
        for (Path binary : List.of(CHROMEDRIVER, CHROMIUM)) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException("Browser tests need " + binary
                        + ". Install the Debian packages: apt-get install -y chromium chromium-driver"
                        + " (.ci/run does this on CI).");
            }
        }
        Path profile = TempDirs.create("tidings-chromium-" + name);
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        // Two people in two windows must both count as "looking at the page".
                        "--disable-backgrounding-occluded-windows",
                        "--disable-renderer-backgrounding",
                        "--window-size=1200,800",
                        "--lang=" + language,
                        "--user-data-dir=" + profile);
        // --lang sets the UI language; the profile's preference sets navigator.languages and
        // Accept-Language, which is what the client reads.
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        // A browser that stops answering fails its command within a minute instead of the default
        // three (the full suite saw one hang while taking a failure's screenshot).
        return new ChromeDriver(service, options, ClientConfig.defaultConfig().readTimeout(Duration.ofSeconds(60)));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String method = context.getRequiredTestMethod().getName();
        String display = context.getDisplayName();
        // Parameterized runs are told apart by their display name ("[2] sse").
        String run = display.startsWith(method) ? "" : "-" + display.replaceAll("[^A-Za-z0-9]+", "_");
        saveArtifacts(context.getRequiredTestClass().getSimpleName() + "-" + method + run);
    }

    /** A screenshot and the console log of each open browser, named after {@code prefix}. */
    public synchronized void saveArtifacts(String prefix) {
        try {
            Files.createDirectories(ARTIFACTS);
            for (var entry : open.entrySet()) {
                String base = prefix + "-" + entry.getKey();
                ChromeDriver driver = entry.getValue();
                Files.write(ARTIFACTS.resolve(base + ".png"), driver.getScreenshotAs(OutputType.BYTES));
                StringBuilder console = new StringBuilder("url: " + driver.getCurrentUrl() + "\n");
                for (LogEntry line : driver.manage().logs().get(LogType.BROWSER)) {
                    console.append(line).append('\n');
                }
                Files.writeString(ARTIFACTS.resolve(base + ".console.log"), console);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // A browser that crashed cannot be photographed; the test's own failure says more.
            System.err.println("Could not save browser artifacts for " + prefix + ": " + e);
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        open.values().forEach(ChromeDriver::quit);
        open.clear();
        profiles.forEach(Browsers::deleteTree);
        profiles.clear();
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temp profile left behind costs only disk; the OS cleans /tmp.
        }
    }
}
