package io.compozy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.compozy.gateway.auth.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real browser (Debian's chromium, headless, through chromedriver) against
 * standalone mode with the overview's workflow and the support-triage example: sign in, run a
 * workflow from its form and watch it end live, approve a waiting ticket with a signal, cancel one,
 * and a read key that sees no write buttons. Every page is saved as a screenshot under
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
    assumeTrue(
        ConsoleBrowser.available(),
        "chromium and chromium-driver are not installed (.ci/run installs them)");
    platform =
        Standalone.start(
            new StandaloneOptions(
                data.resolve("data"), bothExamples(data.resolve("project")), 0, 0, 0, 0, 0, ADMIN));
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

  /**
   * One project with the overview's workflow (examples/hello) and the support-triage example, their
   * tools side by side.
   */
  static Path bothExamples(Path dir) throws Exception {
    Path triage = Path.of("../../examples/support-triage");
    Path hello = Path.of("../../examples/hello");
    Files.createDirectories(dir.resolve("workflows"));
    Files.createDirectories(dir.resolve("agents"));
    Files.copy(triage.resolve("workflows/triage.yaml"), dir.resolve("workflows/triage.yaml"));
    Files.copy(triage.resolve("agents/classifier.yaml"), dir.resolve("agents/classifier.yaml"));
    Files.copy(
        hello.resolve("workflows/my-workflow.yaml"), dir.resolve("workflows/my-workflow.yaml"));
    Files.copy(triage.resolve("tools.js"), dir.resolve("triage-tools.js"));
    Files.copy(hello.resolve("tools.js"), dir.resolve("hello-tools.js"));
    Files.writeString(
        dir.resolve("tools.js"),
        """
        import hello from './hello-tools.js';
        import triage from './triage-tools.js';
        export default { ...hello, ...triage };
        """);
    // and a knowledge base of our own test project, embedded offline
    Path docs = Path.of("src/test/resources/projects/knowledge/docs");
    try (var files = Files.walk(docs)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = dir.resolve("docs").resolve(docs.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    String project =
        Files.readString(triage.resolve("compozy.yaml"))
                .replace(
                    "  - source: ./workflows/triage.yaml",
                    "  - source: ./workflows/triage.yaml\n  - source: ./workflows/my-workflow.yaml")
            + """
            embedders:
              - {id: offline, provider: local, model: all-minilm-l6-v2}
            knowledge_bases:
              - id: handbook
                embedder: offline
                ingest: on_start
                sources:
                  - {type: markdown_glob, path: "docs/**/*.md"}
            """;
    assertThat(project).contains("my-workflow.yaml");
    Files.writeString(dir.resolve("compozy.yaml"), project);
    return dir;
  }

  String readKey() throws Exception {
    var user =
        api.call(
            "POST",
            "/users",
            "{\"email\": \"reader-" + System.nanoTime() + "@example.com\", \"role\": \"read\"}");
    String userId = (String) PlatformClient.data(user).get("id");
    return (String)
        PlatformClient.data(api.call("POST", "/auth/keys", "{\"user_id\": \"" + userId + "\"}"))
            .get("key");
  }

  String execIdInTheAddressBar() {
    var m =
        Pattern.compile("#/executions/(exec_[\\w-]+)").matcher(browser.driver().getCurrentUrl());
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
    assertThat(
            browser
                .driver()
                .findElement(By.cssSelector("label[for=input-message] .required"))
                .isDisplayed())
        .isTrue();
    assertThat(
            browser.all(By.cssSelector(".graph .node-id")).stream()
                .map(WebElement::getText)
                .toList())
        .contains("shout", "size", "loud", "quiet", "done");
    browser.screenshot("workflow");
    browser.driver().findElement(By.id("input-message")).sendKeys("Hello, world!");
    browser.button("Run").click();
    // the execution's page, updated by its event stream: no reload
    browser.awaitStatus("success");
    String execId = execIdInTheAddressBar();
    browser.awaitText(By.cssSelector("pre[aria-label='Execution output']"), "HELLO, WORLD!!!!");
    assertThat(
            browser.all(By.cssSelector(".events li code")).stream()
                .map(WebElement::getText)
                .toList())
        .contains("task_status");
    assertThat(browser.driver().findElement(By.cssSelector("table.timeline")).getText())
        .contains("shout")
        .contains("done");
    assertThat(PlatformClient.data(api.call("GET", "/executions/workflows/" + execId, null)))
        .containsEntry("status", "success");
    browser.screenshot("execution");
    assertThat(browser.criticalAccessibilityFindings()).isEmpty();
  }

  /**
   * A refund ticket of the support-triage example, waiting for its approval, opened in the console
   * by {@code key}.
   */
  String openWaitingTicket(String ticket, String key) throws Exception {
    String execId = api.start("triage", "{\"ticket\": \"" + ticket + "\"}");
    api.awaitStatus(execId, "waiting");
    browser.signIn(key);
    browser.open("#/executions/" + execId);
    browser.awaitStatus("waiting");
    return execId;
  }

  @Test
  void aWaitingTicketShowsWhatItWaitsForAndIsApprovedWithASignal() throws Exception {
    String execId = openWaitingTicket("I want a refund for my last invoice", ADMIN);
    browser.awaitText(By.cssSelector(".notice"), "approval");
    assertThat(browser.driver().findElement(By.cssSelector(".notice")).getText())
        .contains("approved");
    browser.screenshot("execution-waiting");
    WebElement signal = browser.await(By.name("signal_name"));
    assertThat(signal.getAttribute("value")).isEqualTo("approved");
    WebElement payload = browser.driver().findElement(By.name("payload"));
    payload.clear();
    payload.sendKeys("{\"by\": \"grace\"}");
    browser.button("Send signal").click();
    browser.awaitStatus("success");
    browser.awaitText(By.cssSelector("pre[aria-label='Execution output']"), "grace");
    assertThat(
            PlatformClient.data(
                api.call("GET", "/executions/workflows/" + execId + "/outputs", null)))
        .containsEntry(
            "output",
            Map.of(
                "category",
                "billing",
                "priority",
                "high",
                "labels",
                List.of(Map.of("label", "triage/refund"), Map.of("label", "triage/invoice")),
                "approved_by",
                "grace"));
  }

  @Test
  void anExecutionIsCanceledFromItsPage() throws Exception {
    String execId = openWaitingTicket("refund please", ADMIN);
    browser.button("Cancel").click();
    browser.driver().switchTo().alert().accept();
    browser.awaitStatus("canceled");
    assertThat(api.status(execId)).isEqualTo("canceled");
    // a finished execution offers nothing more to do
    assertThat(browser.hasButton("Cancel")).isFalse();
    assertThat(browser.all(By.name("signal_name"))).isEmpty();
    // the list filtered by a shared link: only canceled triage runs, this one among them
    browser.open("#/executions?workflow_id=triage&status=canceled");
    browser.await(By.linkText(execId));
    assertThat(
            browser.all(By.cssSelector("table.list tbody .status")).stream()
                .map(WebElement::getText)
                .distinct()
                .toList())
        .containsExactly("canceled");
    assertThat(browser.driver().findElement(By.name("status")).getAttribute("value"))
        .isEqualTo("canceled");
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
  void theOtherPagesOpenFromTheirLinksAndPassTheAccessibilityCheckOnALaptopAndAPhone()
      throws Exception {
    api.runToEnd("my-workflow", "{\"message\": \"hi\"}");
    browser.signIn(ADMIN);
    for (String[] page :
        new String[][] {
          {"executions", "#/executions"},
          {"schedules", "#/schedules"},
          {"knowledge-bases", "#/knowledge"},
          {"definitions", "#/definitions/agents"},
          {"admin", "#/admin"}
        }) {
      browser.open(page[1]);
      browser.await(By.cssSelector("main h1"));
      browser.await(By.cssSelector("main table, main p"));
      assertThat(browser.all(By.cssSelector(".problem"))).as(page[0]).isEmpty();
      browser.screenshot(page[0]);
      assertThat(browser.criticalAccessibilityFindings()).as(page[0]).isEmpty();
    }
    // the keyboard's first stop skips the navigation, and the links after it are reachable with Tab
    browser.open("#/workflows");
    browser.await(By.linkText("my-workflow"));
    browser.driver().navigate().refresh();
    browser.await(By.linkText("my-workflow"));
    var keyboard = new Actions(browser.driver());
    keyboard.sendKeys(Keys.TAB).perform();
    assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Skip to content");
    keyboard.sendKeys(Keys.TAB).perform();
    assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Compozy");
    browser.open("#/definitions/agents/classifier");
    browser.awaitText(By.cssSelector("pre[aria-label='Definition YAML']"), "instructions:");
    browser.size(390, 844);
    browser.open("#/executions");
    browser.await(By.cssSelector("table.list a"));
    browser.screenshot("executions-phone");
    browser.button("☾").click(); // dark mode, kept for the next visit
    browser.screenshot("executions-phone-dark");
    assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("data-theme"))
        .isEqualTo("dark");
    browser.button("☀").click();
    browser.size(1280, 900);
  }

  @Test
  void anAdminAddsAUserGivesThemANarrowedKeySeenOnceAndRevokesIt() throws Exception {
    browser.signIn(ADMIN);
    browser.open("#/admin");
    String email = "console-" + System.nanoTime() + "@example.com";
    browser.await(By.name("email")).sendKeys(email);
    new Select(browser.driver().findElement(By.name("role"))).selectByVisibleText("write");
    browser.button("Add user").click();
    browser.awaitText(By.cssSelector("main"), "Keys of " + email);
    browser.await(By.name("key-name")).sendKeys("ci");
    new Select(browser.driver().findElement(By.name("key-role"))).selectByVisibleText("read");
    browser.button("Create key").click();
    String key = browser.await(By.cssSelector("[data-testid=new-key]")).getText();
    assertThat(key).startsWith("cpzy_");
    browser.screenshot("admin-new-key");
    // the key works, with the narrowed role
    var me = new PlatformClient(() -> platform.gatewayPort(), key).call("GET", "/auth/me", null);
    assertThat(PlatformClient.data(me)).containsEntry("role", "read");
    // once shown, never again: the list has its prefix only
    browser.open("#/workflows");
    browser.open("#/admin");
    browser.await(By.xpath("//button[normalize-space()='" + email + "']")).click();
    browser.await(By.xpath("//td[contains(., '" + ApiKeys.displayPrefix(key) + "')]"));
    assertThat(browser.driver().findElement(By.tagName("main")).getText()).doesNotContain(key);
    browser.button("Revoke").click();
    browser.driver().switchTo().alert().accept();
    browser.awaitText(By.cssSelector("main"), "revoked");
    assertThat(
            new PlatformClient(() -> platform.gatewayPort(), key)
                .send("GET", "/auth/me", null)
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void aScheduleIsDisabledAndItsCronChangedFromTheSchedulesPage() throws Exception {
    var put =
        api.call(
            "PUT",
            "/workflows/nightly",
            """
            {"id": "nightly", "schedule": {"cron": "0 0 3 * * *", "input": {"message": "night"}},
             "tasks": [{"id": "note", "type": "aggregate", "final": true, "outputs": {"at": "night"}}]}\
            """);
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    browser.signIn(ADMIN);
    browser.open("#/schedules");
    browser.awaitText(By.cssSelector("table.list"), "nightly");
    browser
        .await(By.xpath("//tr[contains(., 'nightly')]//button[normalize-space()='Disable']"))
        .click();
    browser.await(By.xpath("//tr[contains(., 'nightly')]//button[normalize-space()='Enable']"));
    assertThat(PlatformClient.data(api.call("GET", "/schedules/nightly", null)))
        .containsEntry("enabled", false);
    browser
        .await(By.xpath("//tr[contains(., 'nightly')]//button[normalize-space()='Change cron']"))
        .click();
    WebElement cron = browser.await(By.id("cron-nightly"));
    cron.clear();
    cron.sendKeys("0 30 4 * * *");
    browser.button("Save").click();
    browser.awaitText(By.xpath("//tr[contains(., 'nightly')]"), "0 30 4 * * *");
    assertThat(PlatformClient.data(api.call("GET", "/schedules/nightly", null)))
        .containsEntry("cron", "0 30 4 * * *");
    browser.screenshot("schedules-changed");
  }

  @Test
  void aKnowledgeBaseShowsItsIngestionsIngestsAgainAndAnswersAQueryWithRankedChunks()
      throws Exception {
    browser.signIn(ADMIN);
    browser.open("#/knowledge/handbook");
    browser.awaitText(By.cssSelector("main"), "succeeded");
    // the definition as its YAML: the base itself, not the answer's wrapper
    assertThat(browser.await(By.cssSelector("section pre.code")).getText())
        .startsWith("id: handbook")
        .doesNotContain("knowledge_base:");
    int jobs = browser.all(By.cssSelector("progress")).size();
    browser.await(By.id("kb-query")).sendKeys("when do I get my money back after a return?");
    browser.button("Query").click();
    WebElement first = browser.await(By.cssSelector("ol.matches li"));
    assertThat(first.getText()).contains("five to seven business days");
    assertThat(Double.parseDouble(first.findElement(By.cssSelector(".score")).getText()))
        .isBetween(0.0, 1.0);
    browser.button("Ingest again").click();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> browser.all(By.cssSelector("progress")).size() > jobs);
    browser.screenshot("knowledge");
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
    // with the keyboard alone: the key, then Enter
    browser.await(By.id("api-key")).sendKeys(ApiKeys.generate() + Keys.ENTER);
    assertThat(browser.await(By.cssSelector(".problem")).getText())
        .containsIgnoringCase("unauthorized");
    assertThat(browser.driver().executeScript("return sessionStorage.getItem('compozy.key')"))
        .isNull();
    assertThat(browser.driver().getCurrentUrl()).doesNotContain("cpzy_");
  }
}
