package io.compozy.bench;

import io.compozy.gateway.auth.ApiKeys;
import io.compozy.standalone.Standalone;
import io.compozy.standalone.StandaloneOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Knowledge through the whole platform: a fresh standalone instance with a Markdown base of {@code
 * DOCS} generated documents of ten chunks each (the documents and chunking of {@code bin/benchmark
 * knowledge}, so the two compare), ingested through the API (the job's plan and document steps over
 * Kafka, the offline embedder, the chunk log and the local replica), then {@code QUERIES} queries
 * one at a time through the gateway. Prints chunks/s and query latency p50/p99. Usage:
 * bin/benchmark knowledge-api [DOCS=1000] [QUERIES=500].
 */
public final class KnowledgeApiBenchmark {
  private static final Pattern CHUNKS = Pattern.compile("\"chunks\":(\\d+)");
  private static final String[] WORDS = {
    "billing",
    "security",
    "design",
    "support",
    "platform",
    "data",
    "mobile",
    "search",
    "growth",
    "legal",
    "release",
    "incident",
    "backup",
    "network",
    "hiring",
    "travel",
    "budget",
    "privacy",
    "pricing",
    "onboarding"
  };

  private KnowledgeApiBenchmark() {}

  public static void main(String[] args) throws Exception {
    int docs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int queries = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    Path data = Files.createTempDirectory("compozy-knowledge-bench");
    Path project = Files.createDirectories(data.resolve("project"));
    Files.createDirectories(project.resolve("docs"));
    // the documents and chunking of the store's own benchmark (bin/benchmark knowledge): a chunk
    // per 40-word sentence
    Random random = new Random(42);
    for (int d = 0; d < docs; d++) {
      Files.writeString(
          project.resolve("docs").resolve("doc-" + d + ".md"),
          KnowledgeBenchmark.document(random, 10));
    }
    Files.writeString(
        project.resolve("compozy.yaml"),
        """
        name: knowledge-bench
        knowledge_bases:
          - {id: notes, sources: [{type: markdown_glob, path: "docs/*.md"}], chunking: {size: 400, overlap: 0}}
        """);
    String admin = ApiKeys.generate();
    try (Standalone platform =
        Standalone.start(
            new StandaloneOptions(data.resolve("data"), project, 0, 0, 0, 0, 0, admin))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + platform.gatewayPort() + "/api/v0";
      String key = BenchKeys.unlimited(http, base, admin);
      long t0 = System.nanoTime();
      HttpResponse<String> queued =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/knowledge-bases/notes/ingest?wait=0"))
                  .header("Authorization", "Bearer " + key)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String job =
          queued
              .headers()
              .firstValue("Location")
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "ingest answered " + queued.statusCode() + ": " + queued.body()));
      HttpResponse<String> ingest;
      do { // the job's progress, looked at every 100 ms
        Thread.sleep(100);
        ingest =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + platform.gatewayPort() + job))
                    .header("Authorization", "Bearer " + key)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } while (ingest.statusCode() == 200
          && !ingest.body().matches("(?s).*\"status\":\"(succeeded|failed|canceled)\".*"));
      double seconds = (System.nanoTime() - t0) / 1e9;
      Matcher chunks = CHUNKS.matcher(ingest.body());
      if (!ingest.body().contains("\"status\":\"succeeded\"") || !chunks.find()) {
        throw new IllegalStateException(
            "ingestion ended: " + ingest.statusCode() + ": " + ingest.body());
      }
      int n = Integer.parseInt(chunks.group(1));
      double[] ms = new double[queries];
      for (int i = -Math.min(50, queries); i < queries; i++) { // the first 50 warm up
        String q =
            "{\"query\": \"when does the "
                + WORDS[Math.floorMod(i, WORDS.length)]
                + " team review its "
                + WORDS[Math.floorMod(i * 3, WORDS.length)]
                + " plan?\", \"top_k\": 5}"; // questions of about 8 words, as the store's
        long s = System.nanoTime();
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/knowledge-bases/notes/query"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(q))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IllegalStateException("query answered " + r.statusCode() + ": " + r.body());
        }
        if (i >= 0) {
          ms[i] = (System.nanoTime() - s) / 1e6;
        }
      }
      Arrays.sort(ms);
      System.out.printf(
          Locale.ROOT,
          "knowledge through the API: %d documents, %d chunks ingested in %.1f s = %.0f chunks/s"
              + " (plan and document steps over Kafka, offline embedder, chunk log, replica)%n",
          docs,
          n,
          seconds,
          n / seconds);
      System.out.printf(
          Locale.ROOT,
          "query through the gateway (%d, one at a time, question embedded): p50 %.1f ms, p99 %.1f"
              + " ms%n",
          queries,
          ms[ms.length / 2],
          ms[(int) Math.ceil(ms.length * 0.99) - 1]);
    }
  }
}
