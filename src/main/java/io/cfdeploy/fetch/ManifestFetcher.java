package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DropletEntity;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.RouteEntity;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an app's current manifest is made of: the app, its processes, its docker image, its routes; a query each for
 * any number of apps.
 */
@ApplicationScoped
public class ManifestFetcher {
    private final AppFetcher apps;
    private final SpaceFetcher spaces;
    private final Permissions permissions;

    ManifestFetcher(AppFetcher apps, SpaceFetcher spaces, Permissions permissions) {
        this.apps = apps;
        this.spaces = spaces;
        this.permissions = permissions;
    }

    /** The parts of one app's manifest. */
    public record AppManifestParts(AppEntity app, List<ProcessEntity> processes, String dockerImage,
            List<String> routeUrls) {
    }

    /**
     * {@code GET /v3/apps/:guid/manifest}: 404 unless readable, 403 unless the caller may read the app's secrets (its
     * env is in the manifest): admin, admin read-only, space developer.
     */
    public AppManifestParts readable(Caller caller, String appGuid) {
        Visible<AppEntity> visible = apps.readable(caller, appGuid);
        if (!visible.roles().canReadSecrets()) {
            throw CfException.notAuthorized();
        }
        return partsOf(visible.resource());
    }

    /**
     * {@code manifest_diff}: 404 "Space not found" unless the space is readable, 403 unless writable; then per name,
     * the parts of the space's app of that name, or null when there is none (three queries in all).
     */
    public List<AppManifestParts> forDiff(Caller caller, String spaceGuid, List<String> names) {
        SpaceEntity space = spaces.readable(caller, spaceGuid);
        if (!permissions.rolesIn(caller, space).canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        List<AppEntity> found = names.isEmpty() ? List.of()
                : AppEntity.list("space = ?1 and name in ?2", space, names);
        Map<String, AppManifestParts> byName = new HashMap<>();
        partsOf(found).forEach(parts -> byName.put(parts.app().name, parts));
        List<AppManifestParts> parts = new ArrayList<>();
        names.forEach(name -> parts.add(byName.get(name)));
        return parts;
    }

    private static AppManifestParts partsOf(AppEntity app) {
        return partsOf(List.of(app)).get(0);
    }

    private static List<AppManifestParts> partsOf(List<AppEntity> apps) {
        if (apps.isEmpty()) {
            return List.of();
        }
        // during a deployment an app has two processes of a type; the manifest shows the newest
        Map<Long, Map<String, ProcessEntity>> processes = new HashMap<>();
        ProcessEntity.<ProcessEntity>list("app in ?1 order by createdAt, id", apps).forEach(process -> processes
                .computeIfAbsent(process.app.id, id -> new TreeMap<>()).put(process.type, process));
        List<String> dockerDroplets = apps.stream().filter(app -> "docker".equals(app.lifecycleType))
                .map(app -> app.dropletGuid).filter(Objects::nonNull).toList();
        Map<String, String> images = new HashMap<>();
        if (!dockerDroplets.isEmpty()) {
            DropletEntity.<DropletEntity>list("guid in ?1", dockerDroplets)
                    .forEach(droplet -> images.put(droplet.guid, droplet.image));
        }
        Map<Long, List<String>> urls = new HashMap<>();
        AppEntity.getEntityManager().createQuery("select distinct rd.app.id, r, d from RouteDestinationEntity rd "
                + "join rd.route r join r.domain d where rd.app in ?1 order by r.id", Object[].class)
                .setParameter(1, apps).getResultList().forEach(row -> urls.computeIfAbsent((Long) row[0],
                        id -> new ArrayList<>()).add(((RouteEntity) row[1]).url()));
        return apps.stream().map(app -> new AppManifestParts(app,
                new ArrayList<>(processes.getOrDefault(app.id, Map.of()).values()),
                app.dropletGuid == null ? null : images.get(app.dropletGuid),
                urls.getOrDefault(app.id, List.of()))).toList();
    }
}
