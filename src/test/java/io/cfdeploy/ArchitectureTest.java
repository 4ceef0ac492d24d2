package io.cfdeploy;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

/**
 * The "may use" column of {@code architecture.md}, kept honest as the code grows. Where the code already
 * deviates from the table, the deviation is allowed here explicitly and named in a comment; a new one fails.
 * The rules run as plain JUnit tests on ArchUnit's core API (the ArchUnit JUnit engine does not run on the
 * JUnit Platform that Quarkus brings).
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.cfdeploy");

    static final ArchRule packagesUseOnlyWhatTheTableAllows = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("api").definedBy("io.cfdeploy.api..")
            .layer("web").definedBy("io.cfdeploy.web..")
            .layer("message").definedBy("io.cfdeploy.message..")
            .layer("action").definedBy("io.cfdeploy.action..")
            .layer("fetch").definedBy("io.cfdeploy.fetch..")
            .layer("present").definedBy("io.cfdeploy.present..")
            .layer("model").definedBy("io.cfdeploy.model..")
            .layer("rollout").definedBy("io.cfdeploy.rollout")
            .layer("plan").definedBy("io.cfdeploy.rollout.plan..")
            .layer("runtime").definedBy("io.cfdeploy.runtime..")
            .layer("security").definedBy("io.cfdeploy.security..")
            .layer("uaa").definedBy("io.cfdeploy.uaa..")
            .layer("audit").definedBy("io.cfdeploy.audit..")
            .layer("error").definedBy("io.cfdeploy.error..")
            .layer("config").definedBy("io.cfdeploy.config..")
            .layer("blobstore").definedBy("io.cfdeploy.blobstore..")

            .whereLayer("api").mayNotAccessAnyLayer()
            // deviations: config (RequestUrls and RootResource read the external URL and issuer settings);
            // model (resources pass the fetched entities on to the presenters)
            // blobstore: downloads stream the stored bits
            // rollout: a read of an active deployment first advances it if a step is due (product.md §5)
            .whereLayer("web").mayOnlyAccessLayers("api", "message", "action", "fetch", "present", "security",
                    "error", "config", "model", "blobstore", "rollout")
            .whereLayer("message").mayOnlyAccessLayers("error")
            // deviations: config (MetadataApply reads the label/annotation limits); fetch (actions find their
            // target through the fetchers' visibility rules, e.g. OrganizationFetcher.readable)
            // blobstore: droplet uploads and deletes write the bits
            // plan: create starts the first batch of a rollout (spec §4.3) with the engine's own arithmetic
            .whereLayer("action").mayOnlyAccessLayers("model", "message", "runtime", "audit", "error", "security",
                    "config", "fetch", "blobstore", "plan")
            // deviation: error (a missing or unreadable resource is CF-ResourceNotFound, raised by the fetcher)
            // deviation: runtime (process stats are read from the runtime port alongside the process rows)
            .whereLayer("fetch").mayOnlyAccessLayers("model", "message", "security", "error", "runtime")
            // deviation: message (the pagination links repeat the validated ListQuery)
            // deviation: runtime (process stats render the runtime's instance statuses)
            .whereLayer("present").mayOnlyAccessLayers("api", "model", "config", "message", "runtime")
            // deviation: config (DatabaseStartup reads cfdeploy.database.*)
            .whereLayer("model").mayOnlyAccessLayers("config")
            // config: engine limits (cfdeploy.rollout.*); error: a failing step's text is stored on the deployment
            .whereLayer("rollout").mayOnlyAccessLayers("model", "runtime", "action", "audit", "config", "error",
                    "plan")
            // the rollout decisions are pure: numbers and instance statuses in, numbers out
            .whereLayer("plan").mayOnlyAccessLayers("runtime")
            .whereLayer("runtime").mayOnlyAccessLayers("model", "config")
            .whereLayer("security").mayOnlyAccessLayers("model", "error", "config")
            // deviations: error (token endpoint errors), api (UaaResource implements the generated interface)
            .whereLayer("uaa").mayOnlyAccessLayers("security", "config", "error", "api")
            .whereLayer("audit").mayOnlyAccessLayers("model")
            .whereLayer("error").mayNotAccessAnyLayer()
            .whereLayer("config").mayNotAccessAnyLayer()
            // the bits store: a port with a filesystem implementation, configured by cfdeploy.blobstore.*
            .whereLayer("blobstore").mayOnlyAccessLayers("config");

    static final ArchRule onlyWebAndUaaImplementTheContract = noClasses()
            .that().resideOutsideOfPackages("io.cfdeploy.web..", "io.cfdeploy.uaa..", "io.cfdeploy.api..")
            .should().implement(resideInAPackage("io.cfdeploy.api..").and(INTERFACES))
            .because("the generated interfaces are the HTTP edge; only resources implement them");

    static final ArchRule entitiesEndInEntity = classes()
            .that().areAnnotatedWith(Entity.class)
            .should().haveSimpleNameEndingWith("Entity")
            .andShould().resideInAPackage("io.cfdeploy.model..")
            .because("an entity and a wire model must never share a simple name");

    static final ArchRule messagesArePureJava = noClasses()
            .that().resideInAPackage("io.cfdeploy.message..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "jakarta.enterprise..",
                    "jakarta.inject..", "jakarta.transaction..", "jakarta.ws.rs..", "io.quarkus..", "org.hibernate..",
                    "io.vertx..")
            .because("messages validate raw input with CAPI's texts: no CDI, no database, no HTTP");

    static final ArchRule presentersDoNotTouchTheDatabase = noClasses()
            .that().resideInAPackage("io.cfdeploy.present..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "jakarta.transaction..",
                    "org.hibernate..", "io.quarkus.hibernate..", "io.quarkus.panache..")
            .because("presenters render what was fetched; they never query");

    @Test
    void packagesUseOnlyWhatTheTableAllows() {
        packagesUseOnlyWhatTheTableAllows.check(CLASSES);
    }

    @Test
    void onlyWebAndUaaImplementTheContract() {
        onlyWebAndUaaImplementTheContract.check(CLASSES);
    }

    @Test
    void entitiesEndInEntity() {
        entitiesEndInEntity.check(CLASSES);
    }

    @Test
    void messagesArePureJava() {
        messagesArePureJava.check(CLASSES);
    }

    @Test
    void presentersDoNotTouchTheDatabase() {
        presentersDoNotTouchTheDatabase.check(CLASSES);
    }
}
