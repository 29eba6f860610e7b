package io.compozy.bench;

import io.compozy.knowledge.KnowledgeStore;
import io.compozy.knowledge.LocalEmbedder;
import io.compozy.knowledge.LuceneIndex;
import io.compozy.knowledge.TextSplitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Ingests CHUNKS synthetic chunks (one source per 10) with the offline embedder into a fresh
 * on-disk index, then runs QUERIES queries, and prints ingestion throughput and query latency.
 * Usage: KnowledgeBenchmark [CHUNKS=10000] [QUERIES=500] [BATCH=32]
 */
public final class KnowledgeBenchmark {
  private static final String[] WORDS =
      ("invoice refund deploy cluster kafka queue retry timeout agent memory schedule workflow"
           + " customer order payment shipping warehouse report metric alert dashboard latency"
           + " backup restore index search vector document policy contract budget forecast release"
           + " branch review incident outage capacity storage network region")
          .split(" ");

  private KnowledgeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int chunks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int queries = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Random random = new Random(42);
    Path dir = Files.createTempDirectory("knowledge-bench");
    LocalEmbedder embedder = new LocalEmbedder();
    embedder.embed(
        List.of("warm up the model")); // the first call loads ONNX Runtime: not part of the measure
    try (LuceneIndex index =
        LuceneIndex.open(dir.resolve("kb"), embedder.model(), embedder.dimension())) {
      // one chunk per sentence of about 40 words: the splitter's size keeps each sentence whole
      KnowledgeStore store = new KnowledgeStore(index, embedder, new TextSplitter(400, 0), batch);
      long started = System.nanoTime();
      for (int source = 0; source * 10 < chunks; source++) {
        store.ingest("doc-" + source + ".md", document(random, Math.min(10, chunks - source * 10)));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "ingested %d chunks in %.1f s: %.0f chunks/s (batch %d, embedding and indexing)%n",
          index.count(), seconds, index.count() / seconds, batch);
      List<Long> latencies = new ArrayList<>();
      for (int q = 0; q < queries; q++) {
        String question = sentence(random, 8);
        long t = System.nanoTime();
        store.query(question, 5, -1);
        latencies.add(System.nanoTime() - t);
      }
      long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf(
          "%d queries (top 5 of %d chunks, embedding the question included): p50 %.1f ms, p99 %.1f"
              + " ms%n",
          queries, index.count(), percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
    }
  }

  /**
   * A document of {@code sentences} sentences of 40 words, a paragraph each: split at 400
   * characters without overlap, a chunk per sentence. The platform's benchmark ingests the same.
   */
  public static String document(Random random, int sentences) {
    StringBuilder doc = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      doc.append(sentence(random, 40)).append("\n\n");
    }
    return doc.toString();
  }

  private static String sentence(Random random, int words) {
    String[] out = new String[words];
    Arrays.setAll(out, i -> WORDS[random.nextInt(WORDS.length)]);
    return String.join(" ", out) + ".";
  }

  private static long percentile(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
