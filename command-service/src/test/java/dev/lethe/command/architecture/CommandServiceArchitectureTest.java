package dev.lethe.command.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lethe.architecture.LetheRules;
import java.util.List;
import java.util.Set;

@AnalyzeClasses(packages = "dev.lethe", importOptions = ImportOption.DoNotIncludeTests.class)
class CommandServiceArchitectureTest {

    /** LegalHoldIT (customer) runs the retention sweep the way the scheduler does, to end a hold on its time. */
    private static final Set<String> PUBLIC_FOR_A_TEST_IN_ANOTHER_PACKAGE = Set.of(
            "dev.lethe.command.retention.RetentionSweeper");

    /**
     * The aggregate decides on events alone: no database, no Kafka, no key vault, no other part of the service
     * inside it. What needs them drives it from {@code customer.handlers}.
     */
    @ArchTest
    static final ArchRule theAggregateStaysPure = noClasses()
            .that().resideInAPackage("dev.lethe.command.customer")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "dev.lethe.shredding..", "java.sql..", "javax.sql..")
            .orShould().dependOnClassesThat(resideInAPackage("dev.lethe.command..")
                    .and(resideOutsideOfPackage("dev.lethe.command.customer")));

    /** Only the aggregate's own package loads it; everyone else sends it commands. */
    @ArchTest
    static final ArchRule theAggregateIsDrivenFromItsOwnPackage = noClasses()
            .that().resideOutsideOfPackage("dev.lethe.command.customer..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.lethe.command.customer.Customer");

    @ArchTest
    static final ArchRule ingressDoesNotTouchTheEventStoreDirectly = noClasses()
            .that().resideInAPackage("dev.lethe.command.ingress..")
            .should().dependOnClassesThat().resideInAnyPackage("org.axonframework.eventsourcing..");

    @ArchTest
    static final ArchRule commandServiceUsesNeitherTheQueryServiceNorInfra =
            LetheRules.COMMAND_SERVICE_USES_NEITHER_THE_QUERY_SERVICE_NOR_INFRA;

    @ArchTest
    static final ArchRule publicOnlyWhenUsedFromAnotherPackage = LetheRules.publicOnlyWhenUsedFromAnotherPackage(
            List.of(LetheRules.COMMAND_SERVICE), PUBLIC_FOR_A_TEST_IN_ANOTHER_PACKAGE);

    /**
     * The command path runs one way: transport (Kafka) hands records to processing (transactions, the command log,
     * the Axon gateway), which has them validated. Validation is plain code on the contract: no framework, no I/O.
     */
    @ArchTest
    static final ArchRule validationIsPlainCode = noClasses()
            .that().resideInAPackage("dev.lethe.command.ingress.validation..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.lethe.command.ingress.processing..", "dev.lethe.command.ingress.transport..",
                    "org.springframework..", "org.apache.kafka..", "org.axonframework..", "java.sql..", "javax.sql..",
                    "dev.lethe.command.identity..", "dev.lethe.shredding..");

    @ArchTest
    static final ArchRule processingKnowsNoTransport = noClasses()
            .that().resideInAPackage("dev.lethe.command.ingress.processing..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.lethe.command.ingress.transport..", "org.apache.kafka..", "org.springframework.kafka..");

    /** Only the transport and the operators' tools beside it (dead letters, purging) speak Kafka. */
    @ArchTest
    static final ArchRule onlyTheTransportSpeaksKafka = noClasses()
            .that().resideInAPackage("dev.lethe.command.ingress..")
            .and().resideOutsideOfPackages("dev.lethe.command.ingress.transport..",
                    "dev.lethe.command.ingress.deadletter..", "dev.lethe.command.ingress.purge..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.springframework.kafka..");

    /** Outside the ingress, commands enter only through its door for internal commands, never its machinery. */
    @ArchTest
    static final ArchRule theRestOfTheServiceUsesOnlyTheIngressDoor = noClasses()
            .that().resideInAPackage("dev.lethe.command..")
            .and().resideOutsideOfPackage("dev.lethe.command.ingress..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.lethe.command.ingress.validation..")
            .orShould().dependOnClassesThat(DescribedPredicate.describe("ingress processing other than InternalCommands",
                    (JavaClass target) -> target.getPackageName().startsWith("dev.lethe.command.ingress.processing")
                            && !target.getSimpleName().equals("InternalCommands")));
}
