package io.compozy.standalone;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through its chromedriver (COMPOZY_CHROMIUM and
 * COMPOZY_CHROMEDRIVER name others), at the console a gateway serves: what a user's browser does,
 * plus screenshots and axe-core's accessibility check.
 */
final class ConsoleBrowser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target/console-screenshots");
  private static final Path AXE = Path.of("../../console/node_modules/axe-core/axe.min.js");
  private final ChromeDriver driver;
  private final String base;
  private final WebDriverWait wait;

  ConsoleBrowser(String base, Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getenv().getOrDefault("COMPOZY_CHROMIUM", "/usr/bin/chromium"));
    // the flags this workplace's machines need: no sandbox as root, no calls to Google's hosts
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                new File(
                    System.getenv().getOrDefault("COMPOZY_CHROMEDRIVER", "/usr/bin/chromedriver")))
            .usingAnyFreePort()
            .build();
    this.driver = new ChromeDriver(service, options);
    driver
        .manage()
        .timeouts()
        .pageLoadTimeout(Duration.ofSeconds(30))
        .scriptTimeout(Duration.ofSeconds(30));
    this.base = base;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  static boolean available() {
    return new File(System.getenv().getOrDefault("COMPOZY_CHROMIUM", "/usr/bin/chromium"))
            .canExecute()
        && new File(System.getenv().getOrDefault("COMPOZY_CHROMEDRIVER", "/usr/bin/chromedriver"))
            .canExecute();
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Opens a console route ({@code #/executions/…}), as a shared link would. */
  void open(String route) {
    driver.get(base + "/" + route);
  }

  void signIn(String key) {
    driver.get(base + "/");
    // a new key replaces the tab's: the console keeps it in session storage only
    driver.executeScript("sessionStorage.clear()");
    driver.navigate().refresh();
    WebElement field = await(By.id("api-key"));
    field.sendKeys(key);
    driver.findElement(By.cssSelector("form[aria-label='Sign in'] button[type=submit]")).click();
    await(By.cssSelector("header.top"));
  }

  WebElement await(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  void awaitText(By by, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /**
   * Waits for {@code by} to stand for the status in the page's title line, as the live stream
   * updates it.
   */
  void awaitStatus(String status) {
    awaitText(By.cssSelector("h1 .status"), status);
  }

  List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  WebElement button(String text) {
    return await(By.xpath("//button[normalize-space()='" + text + "']"));
  }

  boolean hasButton(String text) {
    return !driver.findElements(By.xpath("//button[normalize-space()='" + text + "']")).isEmpty();
  }

  void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves a PNG of the window under target/console-screenshots. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  /**
   * axe-core's findings on the page, by impact: the rules broken with an impact of {@code
   * critical}.
   */
  @SuppressWarnings("unchecked")
  List<String> criticalAccessibilityFindings() throws IOException {
    driver.executeScript(Files.readString(AXE));
    Object result =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1]; axe.run(document).then(r =>"
                    + " done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes:"
                    + " v.nodes.length})))).catch(e => done([{id: 'axe failed: ' + e, impact:"
                    + " 'critical', nodes: 0}]));");
    return ((List<Map<String, Object>>) result)
        .stream()
            .filter(v -> "critical".equals(v.get("impact")))
            .map(v -> v.get("id") + " (" + v.get("nodes") + " elements)")
            .toList();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
