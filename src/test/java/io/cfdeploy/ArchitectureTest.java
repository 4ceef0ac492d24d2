package io.cfdeploy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures;
import io.cfdeploy.action.RoutesChanged;
import io.cfdeploy.model.DeploymentEntity;
import jakarta.persistence.Entity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    /** Each layer's package ({@code ..} includes subpackages). */
    static final Map<String, String> LAYERS = new LinkedHashMap<>();
    /** The "may use" column: what each layer may depend on besides itself. */
    static final Map<String, List<String>> MAY_USE = new LinkedHashMap<>();

    static {
        layer("api", "io.cfdeploy.api..");
        layer("web", "io.cfdeploy.web..");
        layer("message", "io.cfdeploy.message..");
        layer("action", "io.cfdeploy.action..");
        layer("fetch", "io.cfdeploy.fetch..");
        layer("present", "io.cfdeploy.present..");
        layer("model", "io.cfdeploy.model..");
        layer("rollout", "io.cfdeploy.rollout");
        layer("plan", "io.cfdeploy.rollout.plan..");
        layer("runtime", "io.cfdeploy.runtime..");
        layer("security", "io.cfdeploy.security..");
        layer("uaa", "io.cfdeploy.uaa..");
        layer("audit", "io.cfdeploy.audit..");
        layer("error", "io.cfdeploy.error..");
        layer("config", "io.cfdeploy.config..");
        layer("blobstore", "io.cfdeploy.blobstore..");
        layer("domain", "io.cfdeploy.domain..");
        layer("router", "io.cfdeploy.router..");

        mayUse("api");
        // deviations: config (RequestUrls and RootResource read the external URL and issuer settings);
        // model (resources pass the fetched entities on to the presenters)
        // blobstore: downloads stream the stored bits
        mayUse("web", "api", "message", "action", "fetch", "present", "security", "error", "config", "model",
                "blobstore");
        mayUse("message", "error");
        // deviations: config (MetadataApply reads the label/annotation limits); fetch (actions find their
        // target through the fetchers' visibility rules, e.g. OrganizationFetcher.readable)
        // blobstore: droplet uploads and deletes write the bits
        // plan: create starts the first batch of a rollout (spec §4.3) with the engine's own arithmetic
        mayUse("action", "model", "message", "runtime", "audit", "error", "security", "config", "fetch", "blobstore",
                "plan");
        // deviation: error (a missing or unreadable resource is CF-ResourceNotFound, raised by the fetcher)
        // deviation: runtime (process stats are read from the runtime port alongside the process rows; an app's
        // log lines come from the port behind the app's visibility check)
        mayUse("fetch", "model", "message", "security", "error", "runtime");
        // deviation: message (the pagination links repeat the validated ListQuery)
        // deviation: runtime (process stats render the runtime's instance statuses; log-cache's envelopes its log
        // lines)
        mayUse("present", "api", "model", "config", "message", "runtime");
        // deviation: config (DatabaseStartup reads cfdeploy.database.*)
        mayUse("model", "config");
        // config: engine limits (cfdeploy.rollout.*); error: a failing step's text is stored on the deployment
        mayUse("rollout", "model", "runtime", "action", "audit", "config", "error", "plan");
        // the rollout decisions are pure: numbers and instance statuses in, numbers out
        mayUse("plan", "runtime");
        // deviation: blobstore (the local runtime extracts droplet bits to run them)
        mayUse("runtime", "model", "config", "blobstore");
        // the router reads routes and observed instances; action: it observes action.RoutesChanged and nothing
        // else of it (routerUsesOnlyTheRoutesChangedEventOfAction)
        mayUse("router", "runtime", "model", "config", "action");
        mayUse("security", "model", "error", "config");
        // deviations: error (token endpoint errors), api (UaaResource implements the generated interface)
        mayUse("uaa", "security", "config", "error", "api");
        mayUse("audit", "model");
        mayUse("error");
        mayUse("config");
        // the bits store: a port with a filesystem implementation, configured by cfdeploy.blobstore.*
        mayUse("blobstore", "config");
        // the closed sets of the CF model (DeploymentStrategy…) are every layer's vocabulary; they use nothing
        mayUse("domain");
        MAY_USE.replaceAll((layer, uses) -> layer.equals("domain") ? uses
                : Stream.concat(uses.stream(), Stream.of("domain")).toList());
    }

    private static void layer(String name, String packages) {
        LAYERS.put(name, packages);
    }

    private static void mayUse(String layer, String... layers) {
        MAY_USE.put(layer, List.of(layers));
    }

    static final ArchRule packagesUseOnlyWhatTheTableAllows = layeredRule();

    private static ArchRule layeredRule() {
        Architectures.LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true);
        for (Map.Entry<String, String> layer : LAYERS.entrySet()) {
            rule = rule.layer(layer.getKey()).definedBy(layer.getValue());
        }
        for (Map.Entry<String, List<String>> uses : MAY_USE.entrySet()) {
            rule = uses.getValue().isEmpty() ? rule.whereLayer(uses.getKey()).mayNotAccessAnyLayer()
                    : rule.whereLayer(uses.getKey()).mayOnlyAccessLayers(uses.getValue().toArray(String[]::new));
        }
        return rule;
    }

    /** A name {@code io.cfdeploy.<package>.<Type>} in source: an import, a qualified name, a javadoc link. */
    private static final Pattern NAMED = Pattern.compile("\\bio\\.cfdeploy\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");

    /** The layer a package belongs to (the most specific definition), or null. */
    static String layerOf(String packageName) {
        String best = null;
        int bestLength = -1;
        for (Map.Entry<String, String> layer : LAYERS.entrySet()) {
            String definition = layer.getValue();
            boolean withSubpackages = definition.endsWith("..");
            String root = withSubpackages ? definition.substring(0, definition.length() - 2) : definition;
            boolean matches = packageName.equals(root) || (withSubpackages && packageName.startsWith(root + "."));
            if (matches && root.length() > bestLength) {
                best = layer.getKey();
                bestLength = root.length();
            }
        }
        return best;
    }

    /**
     * The table checked on the source text, where every name stands: bytecode loses the type arguments of a
     * generic local variable ({@code Map<Long, List<InstanceStatus>> x = …}), so ArchUnit cannot see that use.
     *
     * @return one line per name a layer may not use
     */
    static List<String> sourceViolations(String sourcePackage, String source) {
        String layer = layerOf(sourcePackage);
        List<String> violations = new ArrayList<>();
        if (layer == null) {
            return violations;
        }
        Matcher named = NAMED.matcher(source);
        while (named.find()) {
            String used = layerOf("io.cfdeploy." + named.group(1));
            if (used != null && !used.equals(layer) && !MAY_USE.get(layer).contains(used)) {
                violations.add(sourcePackage + " (" + layer + ") names io.cfdeploy." + named.group(1) + " (" + used
                        + ")");
            }
        }
        return violations;
    }

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

    static final ArchRule actionsReceiveMessagesNotBodies = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("io.cfdeploy.action..")
            .and().arePublic()
            .should(new ArchCondition<JavaMethod>("not take a request body (JsonNode)") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    if (method.getRawParameterTypes().stream().anyMatch(type -> type.isAssignableTo(JsonNode.class))) {
                        events.add(SimpleConditionEvent.violated(method, method.getFullName() + " takes a JsonNode"));
                    }
                }
            })
            .because("the resource parses the body into a message (src/docs/adr/0003)");

    static final ArchRule theRolloutWritesOnlyThroughRolloutActions = noClasses()
            .that().resideInAPackage("io.cfdeploy.rollout..")
            .should().setFieldWhere(JavaFieldAccess.Predicates.target(
                    AccessTarget.Predicates.declaredIn(resideInAPackage("io.cfdeploy.model.."))))
            .orShould().callMethod(DeploymentEntity.class, "transition", DeploymentEntity.State.class,
                    java.time.Instant.class)
            .because("one owner per write path: the engine decides, action.RolloutActions writes");

    static final ArchRule routerUsesOnlyTheRoutesChangedEventOfAction = noClasses()
            .that().resideInAPackage("io.cfdeploy.router..")
            .should().dependOnClassesThat(resideInAPackage("io.cfdeploy.action..")
                    .and(not(equivalentTo(RoutesChanged.class))))
            .because("the router follows committed route changes; it never runs a workflow");

    @Test
    void routerUsesOnlyTheRoutesChangedEventOfAction() {
        routerUsesOnlyTheRoutesChangedEventOfAction.check(CLASSES);
    }

    @Test
    void theRolloutWritesOnlyThroughRolloutActions() {
        theRolloutWritesOnlyThroughRolloutActions.check(CLASSES);
    }

    @Test
    void packagesUseOnlyWhatTheTableAllows() {
        packagesUseOnlyWhatTheTableAllows.check(CLASSES);
    }

    @Test
    void sourcesNameOnlyWhatTheTableAllows() throws IOException {
        Path root = Path.of("src/main/java");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/cfdeploy"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String packageName = root.relativize(file.getParent()).toString().replace('/', '.');
                violations.addAll(sourceViolations(packageName, Files.readString(file)));
            }
        }
        assertEquals(List.of(), violations);
    }

    /** The source rule sees a runtime type that only a generic local variable names (invisible in bytecode). */
    @Test
    void theSourceRuleCatchesARuntimeTypeInAGenericLocal() {
        String web = """
                package io.cfdeploy.web;

                import io.cfdeploy.runtime.InstanceStatus;
                import java.util.List;
                import java.util.Map;

                class Sneaky {
                    void render(io.cfdeploy.fetch.ProcessFetcher fetcher) {
                        Map<Long, List<InstanceStatus>> instances = null;
                    }
                }
                """;
        assertEquals(List.of("io.cfdeploy.web (web) names io.cfdeploy.runtime (runtime)"),
                sourceViolations("io.cfdeploy.web", web));
        assertEquals(List.of(), sourceViolations("io.cfdeploy.fetch", web.replace("package io.cfdeploy.web",
                "package io.cfdeploy.fetch")), "fetch may use the runtime");
        assertEquals("plan", layerOf("io.cfdeploy.rollout.plan"));
        assertEquals("rollout", layerOf("io.cfdeploy.rollout"));
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
    void actionsReceiveMessagesNotBodies() {
        actionsReceiveMessagesNotBodies.check(CLASSES);
    }

    @Test
    void presentersDoNotTouchTheDatabase() {
        presentersDoNotTouchTheDatabase.check(CLASSES);
    }
}
