package network.deai.node.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaEnumConstant;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import network.deai.learning.Attack;
import network.deai.learning.NoAttack;
import org.junit.jupiter.api.Test;

/**
 * The node's training-job code is honest only: the devnet's Byzantine trainers and Sybils plug in
 * through {@link UpdatePolicy} from outside, so no attack (a {@link Attack} of the learning module,
 * or an enum constant named after one) lives in {@code node.job}.
 */
class NoAdversariesInJobsTest {
  private static final String JOB = "network.deai.node.job..";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("network.deai.node.job");

  /**
   * Attack names as enum constants would spell them: every {@link Attack} of the learning module
   * ({@code SignFlip} → {@code SIGN_FLIP}), plus the short names the node's jobs once used.
   */
  private static final Set<String> ATTACK_NAMES =
      Stream.concat(
              Arrays.stream(Attack.class.getPermittedSubclasses())
                  .filter(c -> c != NoAttack.class)
                  .map(c -> upperSnake(c.getSimpleName())),
              Stream.of("NOISE", "SYBIL", "BYZANTINE"))
          .collect(Collectors.toUnmodifiableSet());

  @Test
  void jobCodeUsesNoAttack() {
    noClasses()
        .that()
        .resideInAPackage(JOB)
        .should()
        .dependOnClassesThat()
        .areAssignableTo(Attack.class)
        .because("attacks belong to the devnet, which plugs them in through UpdatePolicy")
        .check(MAIN);
  }

  @Test
  void noJobEnumNamesAnAttack() {
    classes()
        .that()
        .resideInAPackage(JOB)
        .and()
        .areEnums()
        .should(haveNoConstantNamedAfterAnAttack())
        .because("a trainer behaviour switch in the node is an attack shipped to production")
        .check(MAIN);
  }

  @Test
  void attackNamesCoverTheLearningModulesAttacks() {
    assertThat(ATTACK_NAMES)
        .contains("SIGN_FLIP", "GAUSSIAN_NOISE", "NOISED_COPY", "NOISE")
        .doesNotContain("NO_ATTACK");
  }

  private static ArchCondition<JavaClass> haveNoConstantNamedAfterAnAttack() {
    return new ArchCondition<>("have no constant named after an attack " + ATTACK_NAMES) {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (JavaEnumConstant constant : type.getEnumConstants()) {
          if (ATTACK_NAMES.contains(constant.name())) {
            events.add(
                SimpleConditionEvent.violated(
                    type, type.getName() + "." + constant.name() + " names an attack"));
          }
        }
      }
    };
  }

  private static String upperSnake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
