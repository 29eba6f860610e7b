package io.compozy.contracts.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.contracts.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedders, vector stores, knowledge bases and bindings: what loads, and every mistake at its
 * file, line and column.
 */
class KnowledgeLanguageTest {
  static final String PROJECT =
      """
      name: kb
      workflows:
        - source: w.yaml
      embedders:
        - {id: offline, provider: local, model: all-minilm-l6-v2, config: {dimension: 384, batch_size: 32}}
        - {id: paid, provider: openai, model: text-embedding-3-small, api_key: "{{ .env.OPENAI_API_KEY }}", \
      config: {dimension: 1536}}
      vector_dbs:
        - {id: disk, type: filesystem}
        - {id: pg, type: pgvector, config: {dsn: "{{ .env.PGVECTOR_DSN }}", table: chunks}}
      knowledge_bases:
        - id: docs
          embedder: offline
          vector_db: disk
          ingest: on_start
          sources:
            - {kind: markdown_glob, glob: "docs/**/*.md"}
            - {type: pdf_url, urls: ["https://example.com/guide.pdf"]}
          chunking: {strategy: token, size: 512, overlap: 64}
          retrieval: {top_k: 5, min_score: 0.2, max_tokens: 1200}
      agents_placeholder: []
      """;

  static void write(Path dir, String name, String text) throws Exception {
    Files.createDirectories(dir.resolve(name).getParent());
    Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aProjectWithKnowledgeLoadsAndSaysWhatIsNotBuiltYet(@TempDir Path dir) throws Exception {
    write(dir, "compozy.yaml", PROJECT.replace("agents_placeholder: []\n", ""));
    write(
        dir,
        "w.yaml",
        """
        id: w
        knowledge: [{id: docs, retrieval: {top_k: 3}}]
        tasks:
          - id: ask
            prompt: "What is in the docs?"
            knowledge: [{id: docs, min_score: 0.3}]
        """);
    LoadedProject p = ProjectLoader.load(dir);
    assertThat(p.project().knowledgeBases()).hasSize(1);
    KnowledgeBaseDef kb =
        Json.MAPPER.convertValue(p.project().knowledgeBases().getFirst(), KnowledgeBaseDef.class);
    assertThat(kb.sourcesOrEmpty())
        .extracting(KnowledgeBaseDef.Source::type)
        .containsExactly(
            KnowledgeBaseDef.SourceType.MARKDOWN_GLOB, KnowledgeBaseDef.SourceType.PDF_URL);
    assertThat(kb.sourcesOrEmpty().getFirst().path())
        .isEqualTo("docs/**/*.md"); // Compozy's kind/glob spelling
    assertThat(kb.ingestOrDefault()).isEqualTo(KnowledgeBaseDef.Ingest.ON_START);
    assertThat(p.workflows().getFirst().knowledge())
        .singleElement()
        .satisfies(b -> assertThat(b.retrieval().topK()).isEqualTo(3));
    assertThat(p.warnings())
        .isEmpty(); // an offline embedder and the embedded store: nothing it uses is missing
  }

  @Test
  void everyMistakeIsNamedWhereItIs(@TempDir Path dir) throws Exception {
    write(
        dir,
        "compozy.yaml",
        """
        name: kb
        workflows:
          - source: w.yaml
        embedders:
          - {id: offline, provider: local, model: bert-large, config: {dimension: 768, batch_size: 0}}
        knowledge_bases:
          - id: docs
            embedder: missing
            vector_db: nowhere
            sources:
              - {type: markdown_glob, path: "../secrets/*.md"}
              - {type: url}
              - {type: cloud_storage, bucket: b}
            chunking: {strategy: semantic, size: 100, overlap: 100}
            retrieval: {top_k: 0, min_score: 2}
          - id: empty
            sources: []
        """);
    write(
        dir,
        "w.yaml",
        """
        id: w
        tasks:
          - id: ask
            prompt: hi
            knowledge: [{id: ghost}, {id: docs}]
        """);
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "compozy.yaml:5:36 embedders[0].model: the local provider has one model,"
                            + " all-minilm-l6-v2; got 'bert-large'",
                        "compozy.yaml:5:64 embedders[0].config.dimension: all-minilm-l6-v2 makes"
                            + " vectors of 384 dimensions, not 768",
                        "compozy.yaml:5:80 embedders[0].config.batch_size: must be between 1 and"
                            + " 2048, got 0",
                        "compozy.yaml:8:5 knowledge_bases[0].embedder: no embedder 'missing' in the"
                            + " project (or leave it out for the offline local:all-minilm-l6-v2)",
                        "compozy.yaml:9:5 knowledge_bases[0].vector_db: no vector_db 'nowhere' in"
                            + " the project (or leave it out for the embedded index)",
                        "compozy.yaml:11:31 knowledge_bases[0].sources[0].path: '../secrets/*.md'"
                            + " must stay under the project: a relative glob without '..'",
                        "compozy.yaml:12:9 knowledge_bases[0].sources[1].urls: a url source needs"
                            + " urls",
                        "compozy.yaml:13:10 knowledge_bases[0].sources[2].type: 'cloud_storage'"
                            + " sources are not available here (Compozy's default build does not"
                            + " have them either)",
                        "compozy.yaml:14:16 knowledge_bases[0].chunking.strategy: must be"
                            + " recursive_text_splitter (Compozy's token is read as it), got"
                            + " 'semantic'",
                        "compozy.yaml:14:47 knowledge_bases[0].chunking.overlap: must be at least 0"
                            + " and less than the chunk size (100), got 100",
                        "compozy.yaml:15:17 knowledge_bases[0].retrieval.top_k: must be between 1"
                            + " and 100, got 0",
                        "compozy.yaml:15:27 knowledge_bases[0].retrieval.min_score: a cosine"
                            + " similarity, between -1 and 1, got 2.0",
                        "compozy.yaml:17:5 knowledge_bases[1].sources: a knowledge base needs at"
                            + " least one source",
                        "w.yaml:5:5 tasks[0].knowledge: one knowledge binding per workflow, task or"
                            + " agent (as in Compozy), got 2",
                        "w.yaml:5:18 tasks[0].knowledge[0].id: no knowledge base 'ghost' in the"
                            + " project or the workflow"));
  }
}
