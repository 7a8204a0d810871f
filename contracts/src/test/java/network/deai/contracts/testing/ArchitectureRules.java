package network.deai.contracts.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Architecture rules shared by every module's tests (HOUSE-STYLE §2). */
public final class ArchitectureRules {
  private ArchitectureRules() {}

  /**
   * Fails unless classes in {@code pureRoot} (e.g. {@code network.deai.verifier.domain}) stay free
   * of web3j, Vert.x, networking, file I/O and Bouncy Castle.
   */
  public static void assertPure(String pureRoot) {
    noClasses()
        .that()
        .resideInAPackage(pureRoot + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.web3j..", "io.vertx..", "java.net..", "java.nio.file..", "org.bouncycastle..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(pureRoot));
  }
}
