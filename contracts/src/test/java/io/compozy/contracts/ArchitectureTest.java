package io.compozy.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "io.compozy.contracts",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule featurePackagesHaveNoCycles =
      slices().matching("io.compozy.contracts.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule contractsHaveNoSpring =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "reactor..");

  @ArchTest
  static final ArchRule theContractsDoNoIo =
      noClasses()
          .that()
          .resideInAPackage("io.compozy.contracts..")
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
