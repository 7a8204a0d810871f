package network.deai.incentive;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class DomainPurityTest {
  @Test
  void domainStaysFreeOfIoAndFrameworks() {
    noClasses()
        .that()
        .resideInAPackage("network.deai.incentive.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.web3j..", "io.vertx..", "java.net..", "java.nio.file..", "org.bouncycastle..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("network.deai.incentive"));
  }
}
