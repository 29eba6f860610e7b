package io.compozy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.compozy.gateway.auth.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web console in a real browser (Debian's chromium, headless, through chromedriver) against
 * standalone mode with the overview's workflow and the support-triage example: sign in, run a
 * workflow from its form and watch it end live, approve a waiting ticket with a signal, cancel
 * one, and a read key that sees no write buttons. Every page is saved as a screenshot under
 * target/console-screenshots and checked with axe-core.
 */
class ConsoleBrowserTest {
  @TempDir static Path data;
  @TempDir static Path profile;
  static final String ADMIN = ApiKeys.generate();
  static Standalone platform;
  static PlatformClient api;
  static ConsoleBrowser browser;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(ConsoleBrowser.available(), "chromium and chromium-driver are not installed (.ci/run installs them)");
    platform = Standalone.start(new StandaloneOptions(data.resolve("data"), bothExamples(data.resolve("project")), 0, 0, 0, 0, 0, ADMIN));
    api = new PlatformClient(() -> platform.gatewayPort(), ADMIN);
    browser = new ConsoleBrowser("http://127.0.0.1:" + platform.gatewayPort(), profile);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  /** One project with the overview's workflow (examples/hello) and the support-triage example, their tools side by side. */
  static Path bothExamples(Path dir) throws Exception {
    Path triage = Path.of("../../examples/support-triage");
    Path hello = Path.of("../../examples/hello");
    Files.createDirectories(dir.resolve("workflows"));
    Files.createDirectories(dir.resolve("agents"));
    Files.copy(triage.resolve("workflows/triage.yaml"), dir.resolve("workflows/triage.yaml"));
    Files.copy(triage.resolve("agents/classifier.yaml"), dir.resolve("agents/classifier.yaml"));
    Files.copy(hello.resolve("workflows/my-workflow.yaml"), dir.resolve("workflows/my-workflow.yaml"));
    Files.copy(triage.resolve("tools.js"), dir.resolve("triage-tools.js"));
    Files.copy(hello.resolve("tools.js"), dir.resolve("hello-tools.js"));
    Files.writeString(dir.resolve("tools.js"), """
        import hello from './hello-tools.js';
        import triage from './triage-tools.js';
        export default { ...hello, ...triage };
        """);
    String project = Files.readString(triage.resolve("compozy.yaml"))
        .replace("  - source: ./workflows/triage.yaml", "  - source: ./workflows/triage.yaml\n  - source: ./workflows/my-workflow.yaml");
    assertThat(project).contains("my-workflow.yaml");
    Files.writeString(dir.resolve("compozy.yaml"), project);
    return dir;
  }

  String readKey() throws Exception {
    var user = api.call("POST", "/users", "{\"email\": \"reader-" + System.nanoTime() + "@example.com\", \"role\": \"read\"}");
    String userId = (String) PlatformClient.data(user).get("id");
    return (String) PlatformClient.data(api.call("POST", "/auth/keys", "{\"user_id\": \"" + userId + "\"}")).get("key");
  }

  String execIdInTheAddressBar() {
    var m = Pattern.compile("#/executions/(exec_[\\w-]+)").matcher(browser.driver().getCurrentUrl());
    assertThat(m.find()).as(browser.driver().getCurrentUrl()).isTrue();
    return m.group(1);
  }

  @Test
  void aUserSignsInRunsTheOverviewsWorkflowFromItsFormAndWatchesItSucceedLive() throws Exception {
    browser.signIn(ADMIN);
    browser.screenshot("workflows");
    browser.await(By.linkText("my-workflow")).click();
    browser.await(By.id("input-message"));
    // the form is the workflow's input schema: message is a required string
    assertThat(browser.driver().findElement(By.cssSelector("label[for=input-message] .required")).isDisplayed()).isTrue();
    assertThat(browser.all(By.cssSelector(".graph .node-id")).stream().map(WebElement::getText).toList())
        .contains("shout", "size", "loud", "quiet", "done");
    browser.screenshot("workflow");
    browser.driver().findElement(By.id("input-message")).sendKeys("Hello, world!");
    browser.button("Run").click();
    // the execution's page, updated by its event stream: no reload
    browser.awaitStatus("success");
    String execId = execIdInTheAddressBar();
    browser.awaitText(By.cssSelector("pre[aria-label='Execution output']"), "HELLO, WORLD!!!!");
    assertThat(browser.all(By.cssSelector(".events li code")).stream().map(WebElement::getText).toList()).contains("task_status");
    assertThat(browser.driver().findElement(By.cssSelector("table.timeline")).getText()).contains("shout").contains("done");
    assertThat(PlatformClient.data(api.call("GET", "/executions/workflows/" + execId, null))).containsEntry("status", "success");
    browser.screenshot("execution");
    assertThat(browser.criticalAccessibilityFindings()).isEmpty();
  }

  @Test
  void aWaitingTicketShowsWhatItWaitsForAndIsApprovedWithASignal() throws Exception {
    String execId = api.start("triage", "{\"ticket\": \"I want a refund for my last invoice\"}");
    api.awaitStatus(execId, "waiting");
    browser.signIn(ADMIN);
    browser.open("#/executions/" + execId);
    browser.awaitStatus("waiting");
    browser.awaitText(By.cssSelector(".notice"), "approval");
    assertThat(browser.driver().findElement(By.cssSelector(".notice")).getText()).contains("approved");
    browser.screenshot("execution-waiting");
    WebElement signal = browser.await(By.name("signal_name"));
    assertThat(signal.getAttribute("value")).isEqualTo("approved");
    WebElement payload = browser.driver().findElement(By.name("payload"));
    payload.clear();
    payload.sendKeys("{\"by\": \"grace\"}");
    browser.button("Send signal").click();
    browser.awaitStatus("success");
    browser.awaitText(By.cssSelector("pre[aria-label='Execution output']"), "grace");
    assertThat(PlatformClient.data(api.call("GET", "/executions/workflows/" + execId + "/outputs", null)))
        .containsEntry("output", Map.of("category", "billing", "priority", "high",
            "labels", List.of(Map.of("label", "triage/refund"), Map.of("label", "triage/invoice")), "approved_by", "grace"));
  }

  @Test
  void anExecutionIsCanceledFromItsPage() throws Exception {
    String execId = api.start("triage", "{\"ticket\": \"refund please\"}");
    api.awaitStatus(execId, "waiting");
    browser.signIn(ADMIN);
    browser.open("#/executions/" + execId);
    browser.awaitStatus("waiting");
    browser.button("Cancel").click();
    browser.driver().switchTo().alert().accept();
    browser.awaitStatus("canceled");
    assertThat(api.status(execId)).isEqualTo("canceled");
    // a finished execution offers nothing more to do
    assertThat(browser.hasButton("Cancel")).isFalse();
    assertThat(browser.all(By.name("signal_name"))).isEmpty();
  }

  @Test
  void aReadKeySeesEverythingButNoButtonThatWouldWrite() throws Exception {
    String execId = api.start("triage", "{\"ticket\": \"refund for a reader\"}");
    api.awaitStatus(execId, "waiting");
    browser.signIn(readKey());
    assertThat(browser.driver().findElement(By.cssSelector(".role")).getText()).isEqualTo("read");
    assertThat(browser.all(By.linkText("Users and keys"))).isEmpty();
    browser.open("#/workflows/my-workflow");
    browser.await(By.cssSelector(".graph"));
    assertThat(browser.all(By.id("input-message"))).isEmpty();
    assertThat(browser.hasButton("Run")).isFalse();
    browser.open("#/executions/" + execId);
    browser.awaitStatus("waiting");
    assertThat(browser.hasButton("Cancel")).isFalse();
    assertThat(browser.hasButton("Pause")).isFalse();
    assertThat(browser.all(By.name("signal_name"))).isEmpty();
    browser.screenshot("execution-read-key");
    api.call("POST", "/executions/workflows/" + execId + "/cancel", null);
  }

  @Test
  void theOtherPagesOpenFromTheirLinksAndPassTheAccessibilityCheckOnALaptopAndAPhone() throws Exception {
    api.runToEnd("my-workflow", "{\"message\": \"hi\"}");
    browser.signIn(ADMIN);
    for (String[] page : new String[][] {{"executions", "#/executions"}, {"schedules", "#/schedules"}, {"knowledge", "#/knowledge"},
        {"definitions", "#/definitions/agents"}, {"admin", "#/admin"}}) {
      browser.open(page[1]);
      browser.await(By.cssSelector("main h1"));
      browser.await(By.cssSelector("main table, main p"));
      assertThat(browser.all(By.cssSelector(".problem"))).as(page[0]).isEmpty();
      browser.screenshot(page[0]);
      assertThat(browser.criticalAccessibilityFindings()).as(page[0]).isEmpty();
    }
    browser.open("#/definitions/agents/classifier");
    browser.awaitText(By.cssSelector("pre[aria-label='Definition YAML']"), "instructions:");
    browser.size(390, 844);
    browser.open("#/executions");
    browser.await(By.cssSelector("table.list a"));
    browser.screenshot("executions-phone");
    browser.button("☾").click(); // dark mode, kept for the next visit
    browser.screenshot("executions-phone-dark");
    assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("data-theme")).isEqualTo("dark");
    browser.button("☀").click();
    browser.size(1280, 900);
  }

  @Test
  void anApiProblemIsShownAsItsTitleAndDetail() throws Exception {
    browser.signIn(ADMIN);
    browser.open("#/workflows/my-workflow");
    browser.button("Edit as JSON").click();
    WebElement json = browser.await(By.name("input-json"));
    json.clear();
    json.sendKeys("{\"message\": \"\"}");
    browser.button("Run").click();
    WebElement problem = browser.await(By.cssSelector(".problem"));
    // the API's own words: the problem's title, then its detail naming the field
    assertThat(problem.findElement(By.tagName("strong")).getText()).isNotBlank();
    assertThat(problem.getText()).contains("Invalid input").contains("/message");
    browser.screenshot("problem");
  }

  @Test
  void aWrongKeyIsRefusedAtSignInWithTheApisWords() throws Exception {
    browser.driver().get("http://127.0.0.1:" + platform.gatewayPort() + "/");
    browser.driver().executeScript("sessionStorage.clear()");
    browser.driver().navigate().refresh();
    browser.await(By.id("api-key")).sendKeys(ApiKeys.generate());
    browser.driver().findElement(By.cssSelector("form[aria-label='Sign in'] button[type=submit]")).click();
    assertThat(browser.await(By.cssSelector(".problem")).getText()).containsIgnoringCase("unauthorized");
    assertThat(browser.driver().executeScript("return sessionStorage.getItem('compozy.key')")).isNull();
    assertThat(browser.driver().getCurrentUrl()).doesNotContain("cpzy_");
  }
}
