package io.cfdeploy.fetch;

import io.cfdeploy.error.CfException;
import io.cfdeploy.model.JobEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.regex.Pattern;

/** Reads jobs. As in CAPI, any authenticated reader may see any job by its guid. */
@ApplicationScoped
public class JobFetcher {
    private static final Pattern TABLE = Pattern.compile("^[a-z_]+$");

    private final EntityManager em;

    JobFetcher(EntityManager em) {
        this.em = em;
    }

    /** The job and whether the resource it acts on still exists; 404 "Job not found" when missing. */
    public Found find(String guid) {
        JobEntity job = JobEntity.findByGuid(guid).orElseThrow(() -> CfException.notFound("Job"));
        return new Found(job, resourceExists(job));
    }

    /** A job with {@code resourceExists} telling whether its resource link may be shown. */
    public record Found(JobEntity job, boolean resourceExists) {
    }

    /**
     * Whether the job's resource is still there. The table is the resource's collection (named by code, never by a
     * request); a kind of resource this server does not store has no table and so no link.
     */
    private boolean resourceExists(JobEntity job) {
        String table = job.resourceCollection();
        if (job.resourceGuid == null || !TABLE.matcher(table).matches()) {
            return false;
        }
        Object known = em.createNativeQuery("SELECT to_regclass(:table) IS NOT NULL").setParameter("table", table)
                .getSingleResult();
        if (!Boolean.TRUE.equals(known)) {
            return false;
        }
        Object exists = em.createNativeQuery("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE guid = :guid)")
                .setParameter("guid", job.resourceGuid).getSingleResult();
        return Boolean.TRUE.equals(exists);
    }
}
