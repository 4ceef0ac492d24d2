package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.message.ListQuery;
import io.cfdeploy.message.ListQuerySpec;
import io.cfdeploy.model.OrganizationEntity;
import io.cfdeploy.model.SpaceEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads spaces the caller may see: global readers, space roles, organization managers of the space's org. */
@ApplicationScoped
public class SpaceFetcher {
    /** CAPI's SpacesListMessage, parameters in its order. */
    public static final ListQuerySpec LIST = ListQuerySpec.builder().filters("guids", "names", "organization_guids")
            .include("org", "organization").labelSelector().orderBy("created_at", "updated_at", "name").build();
    /** What {@code include} may name on a space (list and show). */
    public static final List<String> INCLUDES = List.of("org", "organization");

    private final Permissions permissions;
    private final ListFetcher lists;

    SpaceFetcher(Permissions permissions, ListFetcher lists) {
        this.permissions = permissions;
        this.lists = lists;
    }

    /** The space with its organization, or 404 "Space not found" when missing or not readable. */
    public SpaceEntity readable(Caller caller, String guid) {
        SpaceEntity space = SpaceEntity.findByGuid(guid).orElseThrow(SpaceFetcher::notFound);
        if (!permissions.rolesIn(caller, space).canReadSpace()) {
            throw notFound();
        }
        return space;
    }

    public Page<SpaceEntity> list(Caller caller, ListQuery query) {
        Where where = new Where("s").scope("s.id", permissions.readableSpaceIds(caller))
                .in("guid", query.filter("guids")).in("name", query.filter("names"))
                .in("o.guid", query.filter("organization_guids"))
                .timestamps(query.timestamps()).labels(query.labelSelector());
        return lists.page(SpaceEntity.class, "spaces s JOIN organizations o ON o.id = s.organization_id", where,
                query);
    }

    /** True when {@code include} asks for the organizations ("org" or "organization"). */
    public static boolean includesOrganization(Collection<String> includes) {
        return includes != null && includes.stream().anyMatch(INCLUDES::contains);
    }

    /** The spaces' organizations, each once, oldest first (CAPI's IncludeSpaceOrganizationDecorator). */
    public List<OrganizationEntity> organizationsOf(Collection<SpaceEntity> spaces) {
        Set<Long> ids = new LinkedHashSet<>();
        for (SpaceEntity space : spaces) {
            ids.add(space.organization.id);
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        return OrganizationEntity.list("id in ?1 order by createdAt, guid", ids);
    }

    public static CfException notFound() {
        return CfException.notFound("Space");
    }
}
