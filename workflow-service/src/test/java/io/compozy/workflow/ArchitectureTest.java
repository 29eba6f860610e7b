package io.compozy.workflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "io.compozy.workflow",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule featurePackagesHaveNoCycles =
      slices().matching("io.compozy.workflow.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule theDecisionCoreIsPure =
      noClasses()
          .that()
          .resideInAPackage("..workflow.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "reactor..",
              "org.apache.kafka..",
              "io.r2dbc..",
              "io.lettuce..",
              "java.sql..");
}
