package io.wlabridge;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Arrays;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The floors of the service, top to bottom; an import may only point down (README "Project layout"):
 * WlaBridge → cli → app (wiring) → features (api, automic, ops, provision, reload) → job, kafka, cluster → registry,
 * config. Features do not know each other, nor do job, kafka and cluster; config imports nothing of ours. The demo
 * (src/demo, its own jar) sits above them all and nothing of the service uses it.
 */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.wlabridge");

    private static final String[] FEATURES = {"io.wlabridge.api..", "io.wlabridge.automic..", "io.wlabridge.ops..",
            "io.wlabridge.provision..", "io.wlabridge.reload.."};
    private static final String[] CORE = {"io.wlabridge.job..", "io.wlabridge.kafka..", "io.wlabridge.cluster.."};

    @Test
    void importsPointOnlyDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("demo").definedBy("io.wlabridge.demo..")
                .layer("entry").definedBy("io.wlabridge")
                .layer("cli").definedBy("io.wlabridge.cli..")
                .layer("app").definedBy("io.wlabridge.app..")
                .layer("features").definedBy(FEATURES)
                .layer("core").definedBy(CORE)
                .layer("registry").definedBy("io.wlabridge.registry..")
                .layer("config").definedBy("io.wlabridge.config..")
                .whereLayer("demo").mayNotBeAccessedByAnyLayer()
                .whereLayer("entry").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayOnlyBeAccessedByLayers("demo", "entry")
                .whereLayer("app").mayOnlyBeAccessedByLayers("demo", "entry", "cli")
                .whereLayer("features").mayOnlyBeAccessedByLayers("demo", "entry", "cli", "app")
                .whereLayer("core").mayOnlyBeAccessedByLayers("demo", "entry", "cli", "app", "features")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("demo", "entry", "cli", "app", "features", "core")
                .whereLayer("config")
                .mayOnlyBeAccessedByLayers("demo", "entry", "cli", "app", "features", "core", "registry")
                .check(SERVICE);
    }

    /** target/wla-bridge.jar leaves these out (pom.xml, shade execution service-jar): only the demo may use them. */
    @Test
    void onlyTheDemoUsesTheEmbeddedBrokerScalaOrJUnit() {
        noClasses().that().resideOutsideOfPackage("io.wlabridge.demo..").should().dependOnClassesThat()
                .resideInAnyPackage("kafka..", "scala..", "org.junit..", "org.apache.kafka.common.test..",
                        "org.apache.kafka.server..", "org.apache.kafka.raft..", "org.apache.kafka.metadata..",
                        "org.apache.kafka.storage..", "org.apache.kafka.coordinator..")
                .check(SERVICE);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.wlabridge.(*)..").should().beFreeOfCycles().check(SERVICE);
    }

    @Test
    void featuresDoNotKnowEachOther() {
        for (String feature : FEATURES) {
            noClasses().that().resideInAPackage(feature).should().dependOnClassesThat()
                    .resideInAnyPackage(others(FEATURES, feature)).check(SERVICE);
        }
    }

    @Test
    void corePartsDoNotKnowEachOther() {
        for (String core : CORE) {
            noClasses().that().resideInAPackage(core).should().dependOnClassesThat()
                    .resideInAnyPackage(others(CORE, core)).check(SERVICE);
        }
    }

    @Test
    void settingsImportNothingOfOurs() {
        noClasses().that().resideInAPackage("io.wlabridge.config..").should().dependOnClassesThat(
                resideInAPackage("io.wlabridge..").and(resideOutsideOfPackage("io.wlabridge.config.."))).check(SERVICE);
    }

    private static String[] others(String[] all, String one) {
        return Arrays.stream(all).filter(p -> !p.equals(one)).toArray(String[]::new);
    }
}
