package io.cfdeploy.support;

import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.RevisionEntity;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.runtime.InstanceRuntime;
import io.cfdeploy.runtime.Simulation;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Apps, droplets, revisions and processes written straight to the database (until the apps and droplets API is
 * merged, there is no HTTP way to create them), and started or stopped through the {@link InstanceRuntime} port as the
 * app actions will. Each call commits its own transaction; names are fresh.
 */
public final class AppModelFixtures {
    private AppModelFixtures() {
    }

    /** A STOPPED buildpack app with its web process (guid = the app's guid, CAPI's defaults); returns its guid. */
    public static String app(String spaceGuid) {
        return app(spaceGuid, app -> { });
    }

    public static String app(String spaceGuid, Consumer<AppEntity> customize) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AppEntity app = new AppEntity();
            app.name = "app-" + UUID.randomUUID();
            app.space = SpaceEntity.findByGuid(spaceGuid).orElseThrow();
            customize.accept(app);
            app.persist();
            ProcessEntity web = new ProcessEntity();
            web.guid = app.guid;
            web.app = app;
            web.type = ProcessEntity.WEB;
            web.persist();
            return app.guid;
        });
    }

    /** A STAGED droplet of the app with these process types; {@code simulate} is its cfdeploy.io/simulate. */
    public static String droplet(String appGuid, Map<String, String> processTypes, String simulate) {
        return droplet(appGuid, DropletEntity.STAGED, processTypes, simulate);
    }

    public static String droplet(String appGuid, String state, Map<String, String> processTypes, String simulate) {
        return QuarkusTransaction.requiringNew().call(() -> {
            DropletEntity droplet = new DropletEntity();
            droplet.app = AppEntity.findByGuid(appGuid).orElseThrow();
            droplet.state = state;
            droplet.processTypes = new LinkedHashMap<>(processTypes);
            if (simulate != null) {
                droplet.annotations = new LinkedHashMap<>(Map.of(Simulation.ANNOTATION, simulate));
            }
            if (DropletEntity.STAGED.equals(state)) {
                droplet.checksumType = "sha256";
                droplet.checksumValue = "0".repeat(64);
            }
            droplet.persist();
            return droplet.guid;
        });
    }

    /** A STAGED droplet with the web process type, made the app's current droplet; returns its guid. */
    public static String currentDroplet(String appGuid, String webCommand, String simulate) {
        String droplet = droplet(appGuid, Map.of("web", webCommand), simulate);
        setCurrentDroplet(appGuid, droplet);
        return droplet;
    }

    public static void setCurrentDroplet(String appGuid, String dropletGuid) {
        QuarkusTransaction.requiringNew().run(() -> AppEntity.findByGuid(appGuid).orElseThrow().dropletGuid =
                dropletGuid);
    }

    /** A revision of the app; returns its guid. */
    public static String revision(String appGuid, int version, String dropletGuid, Map<String, String> processes,
            Consumer<RevisionEntity> customize) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RevisionEntity revision = new RevisionEntity();
            revision.app = AppEntity.findByGuid(appGuid).orElseThrow();
            revision.version = version;
            revision.dropletGuid = dropletGuid;
            revision.processes = new LinkedHashMap<>(processes);
            customize.accept(revision);
            revision.persist();
            return revision.guid;
        });
    }

    /** Another process of the app; returns its guid. */
    public static String process(String appGuid, String type, Consumer<ProcessEntity> customize) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ProcessEntity process = new ProcessEntity();
            process.app = AppEntity.findByGuid(appGuid).orElseThrow();
            process.type = type;
            customize.accept(process);
            process.persist();
            return process.guid;
        });
    }

    /** Changes a process as the API under test cannot (revision, command, instances…). */
    public static void updateProcess(String processGuid, Consumer<ProcessEntity> change) {
        QuarkusTransaction.requiringNew().run(() -> change.accept(ProcessEntity.findByGuid(processGuid)
                .orElseThrow()));
    }

    /**
     * Starts the app as the app start action will: desired state STARTED and, for every process, its instances
     * running its revision's droplet (else the current droplet).
     */
    public static void start(String appGuid) {
        QuarkusTransaction.requiringNew().run(() -> {
            AppEntity app = AppEntity.findByGuid(appGuid).orElseThrow();
            app.desiredState = AppEntity.STARTED;
            for (ProcessEntity process : processes(app)) {
                String droplet = app.dropletGuid;
                if (process.revisionGuid != null) {
                    droplet = RevisionEntity.<RevisionEntity>find("guid", process.revisionGuid).firstResult()
                            .dropletGuid;
                }
                runtime().scale(process, droplet);
            }
        });
    }

    /** Stops the app: desired state STOPPED, no instances. */
    public static void stop(String appGuid) {
        QuarkusTransaction.requiringNew().run(() -> {
            AppEntity app = AppEntity.findByGuid(appGuid).orElseThrow();
            app.desiredState = AppEntity.STOPPED;
            processes(app).forEach(runtime()::stop);
        });
    }

    /** Moves the process's instances' start back in time, as if {@code by} had passed since they started. */
    public static void age(String processGuid, Duration by) {
        QuarkusTransaction.requiringNew().run(() -> ProcessEntity.getEntityManager().createNativeQuery("""
                UPDATE process_instances SET started_at = started_at - make_interval(secs => :seconds)
                 WHERE process_id = (SELECT id FROM processes WHERE guid = :guid)
                """).setParameter("seconds", (double) by.toMillis() / 1000).setParameter("guid", processGuid)
                .executeUpdate());
    }

    private static List<ProcessEntity> processes(AppEntity app) {
        return ProcessEntity.list("app.id", app.id);
    }

    private static InstanceRuntime runtime() {
        return Arc.container().select(InstanceRuntime.class).get();
    }
}
