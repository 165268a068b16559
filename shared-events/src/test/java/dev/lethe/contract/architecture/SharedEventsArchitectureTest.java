package dev.lethe.contract.architecture;

import static dev.lethe.architecture.LetheRules.publicOnlyWhenUsedFromAnotherPackage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.lethe.architecture.LetheRules;
import java.util.List;
import java.util.Set;

@AnalyzeClasses(packages = {"dev.lethe.contract", "dev.lethe.shredding"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class SharedEventsArchitectureTest {

    /**
     * Used by other modules, which this module cannot see: the wire contract as a whole (the services and every
     * source system read it), and the shredding library's classes that the services' code or tests use.
     */
    private static final Set<String> PUBLISHED_TO_OTHER_MODULES = Set.of(
            LetheRules.CONTRACT,
            "dev.lethe.shredding.BlindIndex",
            "dev.lethe.shredding.DataKey",
            "dev.lethe.shredding.ErasureListener",
            "dev.lethe.shredding.EventSealing",
            "dev.lethe.shredding.JdbcKeyVault",
            "dev.lethe.shredding.KeyEncryptionKeys",
            "dev.lethe.shredding.KeyVault",
            "dev.lethe.shredding.LetheObjectMapper",
            "dev.lethe.shredding.PersonalDataIntegrityException",
            "dev.lethe.shredding.PersonalDataModule",
            "dev.lethe.shredding.PersonalFields",
            "dev.lethe.shredding.RecordCipher",
            "dev.lethe.shredding.ShreddingCodec",
            "dev.lethe.shredding.ShreddingException",
            "dev.lethe.shredding.ShreddingSerializer",
            "dev.lethe.shredding.SubjectCipher",
            "dev.lethe.shredding.TransactionBinding",
            "dev.lethe.shredding.WellKnownSecrets",
            "dev.lethe.shredding.kek.KekBackends",
            "dev.lethe.shredding.kek.KekEpochs",
            "dev.lethe.shredding.kek.LocalKeyring",
            "dev.lethe.shredding.kek.Pkcs11Keks");

    @ArchTest
    static final ArchRule contractDependsOnlyOnTheJdkJacksonAndAxonAnnotations =
            LetheRules.CONTRACT_DEPENDS_ONLY_ON_THE_JDK_JACKSON_AND_AXON_ANNOTATIONS;

    @ArchTest
    static final ArchRule sharedEventsUsesNoServiceAndNoInfra = LetheRules.SHARED_EVENTS_USES_NO_SERVICE_AND_NO_INFRA;

    @ArchTest
    static final ArchRule publicOnlyWhenUsedFromAnotherPackage = publicOnlyWhenUsedFromAnotherPackage(
            List.of(LetheRules.CONTRACT, LetheRules.SHREDDING), PUBLISHED_TO_OTHER_MODULES);
}
