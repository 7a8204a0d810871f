package network.deai.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The direction of the node's packages (HOUSE-STYLE §2, docs/architecture.md), checked on the main
 * classes: {@code domain} at the bottom, {@code chain} on it, the roles above, {@code app} on top.
 * Only {@code chain} (and {@code app}, which wires it) touches web3j's generated contract types,
 * and only {@code chain} turns the contract's raw enum numbers into domain enums.
 */
class LayeringTest {
  private static final String NODE = "network.deai.node";
  private static final String GENERATED = "network.deai.contracts.gen..";

  /**
   * Classes that still use the generated contract types outside {@code chain}, each with why; a new
   * class must not join them. They go when {@code chain} returns typed events (issue #17).
   */
  private static final Map<String, String> GENERATED_TYPES_STILL_USED_BY =
      Map.ofEntries(
          Map.entry(
              NODE + ".exec.TaskIntake",
              "decodes TaskStarted/TaskCreated/Committed/... logs from LogPoller itself"),
          Map.entry(
              NODE + ".exec.TaskSpecs",
              "keeps the spec digest and URI of TaskCreated events (TaskIntake's, or read back)"),
          Map.entry(
              NODE + ".exec.PendingTaskStarter",
              "takes the generated TaskCreated/TaskEscalated/TaskPending events from TaskIntake"),
          Map.entry(NODE + ".job.JobContext", "reads JobCreated and revealed-update events"),
          Map.entry(
              NODE + ".audit.Auditor", "decodes a task's events to re-check commitments and books"),
          Map.entry(NODE + ".audit.NodeAudit", "decodes a node's commit/reveal/pay/slash events"),
          Map.entry(NODE + ".audit.JobAudit", "decodes rounds' start, payout and settle events"),
          Map.entry(NODE + ".audit.RoundCommitments", "decodes rounds' commit and reveal events"),
          Map.entry(NODE + ".audit.RoundSeeds", "decodes RoundStarted and JobWaiting events"),
          Map.entry(
              NODE + ".requester.Requester",
              "builds TaskManager.TaskParams and returns the TaskStarted event"),
          Map.entry(NODE + ".requester.StartLoop", "returns the generated TaskStarted event"),
          Map.entry(
              NODE + ".requester.AgreedResultFetcher",
              "decodes Revealed events and reads TaskCreated"));

  /** Callers outside {@code chain} that still decode raw enum numbers (from generated events). */
  private static final Map<String, String> RAW_ENUMS_STILL_DECODED_BY =
      Map.ofEntries(
          Map.entry(NODE + ".app.JobQueryCommands", "PenaltyReason and RoundOutcome of job events"),
          Map.entry(NODE + ".audit.Auditor", "SlashReason of ReplicaSlashed"),
          Map.entry(NODE + ".audit.NodeAudit", "SlashReason of ReplicaSlashed"),
          Map.entry(NODE + ".audit.JobAudit", "RoundOutcome of RoundSettled"));

  /** Names of types and packages that belong to adversaries and fault injection. */
  private static final String CHEAT_TYPE =
      "(?i).*(behaviour|adversar|cheat|attack|pausing|lazy|collud|copycat|decoy).*|.*\\.faults\\..*";

  /**
   * Names of fields (enum constants too) that select an attack or a crash. A no-show is also a
   * protocol outcome (its slash reason), so it is not among them.
   */
  private static final String CHEAT_FIELD =
      "(?i).*(behaviour|cheat|lazy|collud|copycat|decoy|pause_?after|executor_?noise).*";

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(NODE);

  @Test
  void packagesDependDownwardsOnly() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .ensureAllClassesAreContainedInArchitecture()
        .layer("app")
        .definedBy(NODE + ".app..")
        .layer("explorer")
        .definedBy(NODE + ".explorer..")
        .layer("audit")
        .definedBy(NODE + ".audit..")
        .layer("requester")
        .definedBy(NODE + ".requester..")
        .layer("job")
        .definedBy(NODE + ".job..")
        .layer("exec")
        .definedBy(NODE + ".exec..")
        .layer("ocr")
        .definedBy(NODE + ".ocr..")
        .layer("journal")
        .definedBy(NODE + ".journal..")
        .layer("chain")
        .definedBy(NODE + ".chain..")
        .layer("domain")
        .definedBy(NODE + ".domain..")
        .whereLayer("app")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("explorer")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("audit")
        .mayOnlyBeAccessedByLayers("app", "explorer")
        .whereLayer("requester")
        .mayOnlyBeAccessedByLayers("app")
        .whereLayer("job")
        .mayOnlyBeAccessedByLayers("app", "explorer", "audit")
        .whereLayer("exec")
        .mayOnlyBeAccessedByLayers("app", "explorer", "job")
        .whereLayer("ocr")
        .mayOnlyBeAccessedByLayers("app", "requester")
        .whereLayer("journal")
        .mayOnlyBeAccessedByLayers("app", "exec", "job")
        .whereLayer("chain")
        .mayOnlyBeAccessedByLayers("app", "explorer", "audit", "requester", "job", "exec")
        .check(MAIN);
  }

  @Test
  void domainDependsOnNothingElseInTheNode() {
    noClasses()
        .that()
        .resideInAPackage(NODE + ".domain..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "are in the node outside domain",
                c ->
                    c.getPackageName().startsWith(NODE + ".")
                        && !c.getPackageName().startsWith(NODE + ".domain")))
        .check(MAIN);
  }

  @Test
  void onlyChainAndAppUseGeneratedContractTypes() {
    noClasses()
        .that()
        .resideOutsideOfPackages(NODE + ".chain..", NODE + ".app..")
        .and(notListedIn(GENERATED_TYPES_STILL_USED_BY))
        .should()
        .dependOnClassesThat()
        .resideInAPackage(GENERATED)
        .because("chain returns domain records and enums; roles never see web3j's structs")
        .check(MAIN);
  }

  @Test
  void onlyChainDecodesRawContractEnums() {
    noClasses()
        .that()
        .resideOutsideOfPackages(NODE + ".chain..", NODE + ".domain..")
        .and(notListedIn(RAW_ENUMS_STILL_DECODED_BY))
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "a domain enum's fromChain(int)",
                (JavaMethodCall call) ->
                    call.getName().equals("fromChain")
                        && call.getTargetOwner().getPackageName().equals(NODE + ".domain")))
        .because("a raw state number outside chain is a protocol rule written twice")
        .check(MAIN);
  }

  @Test
  void nodeMainCodeHasNoCheatingBehaviourOrFaultInjection() {
    noClasses()
        .should()
        .haveNameMatching(CHEAT_TYPE)
        .because("the node is honest; cheats wrap it from devnet, bench or test sources")
        .check(MAIN);
    noFields()
        .should()
        .haveNameMatching(CHEAT_FIELD)
        .because("no flag or enum constant in the node selects an attack or a crash")
        .check(MAIN);
  }

  private static DescribedPredicate<JavaClass> notListedIn(Map<String, String> allowed) {
    return DescribedPredicate.describe(
        "are not listed as still to be moved",
        c -> !allowed.containsKey(c.getName().replaceFirst("\\$.*", "")));
  }
}
