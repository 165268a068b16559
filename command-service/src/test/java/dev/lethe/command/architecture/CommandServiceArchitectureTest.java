package dev.lethe.command.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.lethe", importOptions = ImportOption.DoNotIncludeTests.class)
class CommandServiceArchitectureTest {

    /** The services share only the contract and the wire; neither may reach into the other. */
    @ArchTest
    static final ArchRule commandSideNeverUsesTheQuerySide = noClasses()
            .that().resideInAPackage("dev.lethe.command..")
            .should().dependOnClassesThat().resideInAPackage("dev.lethe.query..");

    /** The aggregate decides on events alone: no database, no Kafka, no key vault inside it. */
    @ArchTest
    static final ArchRule theAggregateStaysPure = noClasses()
            .that().resideInAPackage("dev.lethe.command.customer..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework.jdbc..", "org.springframework.kafka..", "org.apache.kafka..",
                    "dev.lethe.shredding..", "java.sql..", "javax.sql..");

    @ArchTest
    static final ArchRule ingressDoesNotTouchTheEventStoreDirectly = noClasses()
            .that().resideInAPackage("dev.lethe.command.ingress..")
            .should().dependOnClassesThat().resideInAnyPackage("org.axonframework.eventsourcing..");

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
