package io.cfdeploy.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.Optional;

@Entity
@Table(name = "users")
public class UserEntity extends MetadataEntity {
    /** The UAA user name, when known. */
    public String username;

    /** The identity provider origin, when known. */
    public String origin;

    public static Optional<UserEntity> findByGuid(String guid) {
        return find("guid", guid).firstResultOptional();
    }

    /** CAPI's presentation name: the user name, else the guid. */
    public String presentationName() {
        return username != null ? username : guid;
    }
}
