package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.message.ProcessEmbed;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.RevisionEntity;
import io.cfdeploy.runtime.InstanceRuntime;
import io.cfdeploy.runtime.InstanceUsage;
import io.cfdeploy.runtime.InstanceStatus;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import io.cfdeploy.security.RoleSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Hibernate;

/**
 * Reads processes the caller may see (CAPI's ProcessFetcher / ProcessListFetcher): a process is visible to whoever
 * can read its app's space. Also resolves what a process runs (its command) and asks the runtime how its
 * instances are, for the stats endpoint.
 */
@ApplicationScoped
public class ProcessFetcher {
    /**
     * CAPI's ProcessesListMessage, parameters in its order, with {@code embed=process_instances}; not the internal
     * {@code app_guid}.
     */
    public static final ListQuerySpec LIST = ListQuerySpec.builder()
            .filters("guids", "types", "space_guids", "organization_guids", "app_guids").labelSelector()
            .filters(ProcessEmbed.PARAMETER).rule(ProcessEmbed::check).build();

    /** The same message on {@code /v3/apps/:guid/processes}, which refuses the parent filters as CAPI does. */
    public static final ListQuerySpec APP_LIST = ListQuerySpec.builder()
            .filters("guids", "types", "space_guids", "organization_guids", "app_guids").labelSelector()
            .filters(ProcessEmbed.PARAMETER).rule(ProcessEmbed::check)
            .refusing("app_guids", "organization_guids", "space_guids").build();

    private static final String FROM = "processes p JOIN apps a ON a.id = p.app_id"
            + " JOIN spaces s ON s.id = a.space_id JOIN organizations o ON o.id = s.organization_id";

    private final Permissions permissions;
    private final ListFetcher lists;
    private final ParentApp apps;
    private final InstanceRuntime runtime;

    ProcessFetcher(Permissions permissions, ListFetcher lists, ParentApp apps, InstanceRuntime runtime) {
        this.permissions = permissions;
        this.lists = lists;
        this.apps = apps;
        this.runtime = runtime;
    }

    /** The process by guid, or 404 "Process not found" when missing or not readable. */
    public Visible<ProcessEntity> readable(Caller caller, String guid) {
        ProcessEntity process = ProcessEntity.findByGuid(guid).orElseThrow(ProcessFetcher::notFound);
        RoleSet roles = permissions.rolesIn(caller, process.app.space);
        if (!roles.canReadSpace()) {
            throw notFound();
        }
        return new Visible<>(process, roles);
    }

    /**
     * The newest process of the type in the app: 404 "App not found" when the app is missing or not readable, then
     * 404 "Process not found" when it has no process of that type.
     */
    public Visible<ProcessEntity> readable(Caller caller, String appGuid, String type) {
        Visible<AppEntity> parent = apps.readable(caller, appGuid);
        ProcessEntity process = ProcessEntity.<ProcessEntity>find("from ProcessEntity p join fetch p.app a"
                + " join fetch a.space s join fetch s.organization where a.id = ?1 and p.type = ?2"
                + " order by p.createdAt desc, p.id desc", parent.resource().id, type).firstResultOptional()
                .orElseThrow(ProcessFetcher::notFound);
        return new Visible<>(process, parent.roles());
    }

    /** {@code GET /v3/processes}: processes in the spaces the caller can read. */
    public Page<ProcessEntity> list(Caller caller, ListQuery query) {
        Where where = new Where("p").scope("a.space_id", permissions.readableSpaceIds(caller))
                .in("s.guid", query.filter("space_guids")).in("o.guid", query.filter("organization_guids"))
                .in("a.guid", query.filter("app_guids"));
        return page(where, query);
    }

    /** {@code GET /v3/apps/:guid/processes}: 404 "App not found" unless the app is readable. */
    public Page<ProcessEntity> listOfApp(Caller caller, String appGuid, ListQuery query) {
        AppEntity app = apps.readable(caller, appGuid).resource();
        Where where = new Where("p");
        where.clause("p.app_id = " + where.bind(app.id));
        return page(where, query);
    }

    private Page<ProcessEntity> page(Where where, ListQuery query) {
        where.in("guid", query.filter("guids")).in("type", query.filter("types")).timestamps(query.timestamps())
                .labels(query.labelSelector());
        Page<ProcessEntity> page = lists.page(ProcessEntity.class, FROM, where, query);
        loadApps(page.resources());
        return page;
    }

    /**
     * What each process runs, by process id: its custom command, else its revision's command for the type, else
     * the command its droplet (the revision's, else the app's current droplet) gives the type, else "" (CAPI's
     * {@code specified_or_detected_command}). Three queries whatever the number of processes.
     */
    public Map<Long, String> commands(Collection<ProcessEntity> processes) {
        Map<Long, String> commands = new HashMap<>();
        List<ProcessEntity> detected = new ArrayList<>();
        for (ProcessEntity process : processes) {
            if (process.command != null && !process.command.isBlank()) {
                commands.put(process.id, process.command);
            } else {
                detected.add(process);
            }
        }
        if (detected.isEmpty()) {
            return commands;
        }
        loadApps(detected);
        Set<String> revisionGuids = new LinkedHashSet<>();
        detected.stream().filter(process -> process.revisionGuid != null)
                .forEach(process -> revisionGuids.add(process.revisionGuid));
        Map<String, RevisionEntity> revisions = new HashMap<>();
        if (!revisionGuids.isEmpty()) {
            RevisionEntity.<RevisionEntity>list("guid in ?1", revisionGuids)
                    .forEach(revision -> revisions.put(revision.guid, revision));
        }
        Set<String> dropletGuids = new LinkedHashSet<>();
        for (ProcessEntity process : detected) {
            String droplet = dropletGuid(process, revisions.get(process.revisionGuid));
            if (droplet != null) {
                dropletGuids.add(droplet);
            }
        }
        Map<String, Map<String, String>> processTypes = new HashMap<>();
        if (!dropletGuids.isEmpty()) {
            DropletEntity.<DropletEntity>list("guid in ?1", dropletGuids)
                    .forEach(droplet -> processTypes.put(droplet.guid, droplet.processTypes));
        }
        for (ProcessEntity process : detected) {
            RevisionEntity revision = revisions.get(process.revisionGuid);
            String command = revision == null ? null : revision.processes.get(process.type);
            if (command == null || command.isBlank()) {
                Map<String, String> types = processTypes.get(dropletGuid(process, revision));
                command = types == null ? null : types.get(process.type);
            }
            commands.put(process.id, command == null ? "" : command);
        }
        return commands;
    }

    /** What one process runs; see {@link #commands}. */
    public String command(ProcessEntity process) {
        return commands(List.of(process)).get(process.id);
    }

    /** A process with how its instances are now, for the stats endpoint. */
    public record Stats(ProcessEntity process, boolean started, List<InstanceStatus> instances,
            Map<Integer, InstanceUsage> usage) {
    }

    /**
     * The process's instances from the runtime. A stopped app's processes have none (the presenter shows one DOWN
     * entry per desired instance).
     */
    public Stats stats(ProcessEntity process) {
        boolean started = process.app.isStarted();
        return new Stats(process, started, started ? runtime.instances(process) : List.of(), Map.of());
    }

    /** {@link #stats} with what each instance uses now (the stats endpoint). */
    public Stats statsWithUsage(ProcessEntity process) {
        Stats stats = stats(process);
        return stats.started() ? new Stats(process, true, stats.instances(), runtime.usage(process)) : stats;
    }

    /**
     * The instances of a page of processes in one runtime round trip, by process id; a stopped app's processes
     * have none.
     */
    public PageInstances instances(Collection<ProcessEntity> processes) {
        List<ProcessEntity> started = processes.stream().filter(process -> process.app.isStarted()).toList();
        return new PageInstances(started.isEmpty() ? Map.of() : runtime.instances(started));
    }

    /** The instances of a page of processes, as the web layer hands them on to the presenter. */
    public record PageInstances(Map<Long, List<InstanceStatus>> byProcessId) {
        public List<InstanceStatus> of(ProcessEntity process) {
            return byProcessId.getOrDefault(process.id, List.of());
        }
    }

    /** The droplet a process runs: its revision's, else its app's current droplet. */
    private static String dropletGuid(ProcessEntity process, RevisionEntity revision) {
        return revision != null ? revision.dropletGuid : process.app.dropletGuid;
    }

    /** Loads the processes' apps with their spaces and organizations in one query (the presenter needs them). */
    private static void loadApps(Collection<ProcessEntity> processes) {
        List<Long> ids = processes.stream().filter(process -> !Hibernate.isInitialized(process.app))
                .map(process -> process.id).toList();
        if (ids.isEmpty()) {
            return;
        }
        AppEntity.list("from AppEntity a join fetch a.space s join fetch s.organization"
                + " where a.id in (select p.app.id from ProcessEntity p where p.id in ?1)", ids);
    }

    public static CfException notFound() {
        return CfException.notFound("Process");
    }
}
