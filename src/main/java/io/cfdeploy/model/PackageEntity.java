package io.cfdeploy.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Optional;

/** An app's package: bits (a zip, uploaded once) or a docker image (ready when created). */
@Entity
@Table(name = "packages")
public class PackageEntity extends MetadataEntity {
    public static final String BITS = "bits";
    public static final String DOCKER = "docker";
    public static final String AWAITING_UPLOAD = "AWAITING_UPLOAD";
    public static final String PROCESSING_UPLOAD = "PROCESSING_UPLOAD";
    public static final String READY = "READY";
    public static final String FAILED = "FAILED";
    public static final String EXPIRED = "EXPIRED";

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "app_id", nullable = false)
    public AppEntity app;

    @Column(nullable = false)
    public String type = BITS;

    @Column(nullable = false)
    public String state = AWAITING_UPLOAD;

    public String error;

    public String image;

    @Column(name = "docker_username")
    public String dockerUsername;

    @Column(name = "docker_password")
    public String dockerPassword;

    public String sha256;

    public String sha1;

    /** Where the zip is in the blobstore, once uploaded. */
    @Column(name = "blob_key")
    public String blobKey;

    @Column(name = "blob_size")
    public Long blobSize;

    public boolean isDocker() {
        return DOCKER.equals(type);
    }

    /** The package with its app, space and organization, in one query. */
    public static Optional<PackageEntity> findByGuid(String guid) {
        return find("from PackageEntity p join fetch p.app a join fetch a.space s join fetch s.organization "
                + "where p.guid = ?1", guid).firstResultOptional();
    }
}
