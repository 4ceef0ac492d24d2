package io.cfdeploy.blobstore;

import io.cfdeploy.config.CfdeployConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;

/**
 * A production server refuses to start with its blobstore in the temporary directory (the default) unless told
 * that is fine: bits kept there are lost with the container while their droplets stay STAGED.
 */
@ApplicationScoped
class BlobstoreStartupCheck {
    void check(@Observes StartupEvent event, CfdeployConfig config) {
        if (ConfigUtils.isProfileActive("test")) {
            return; // the packaged jar under test (…IT) runs in the test profile from wherever it was cloned
        }
        refuseTemporaryDirectory(LaunchMode.current(), Path.of(config.blobstore().directory()),
                Path.of(System.getProperty("java.io.tmpdir")), config.blobstore().allowTemporaryDirectory());
    }

    static void refuseTemporaryDirectory(LaunchMode mode, Path directory, Path temporary, boolean allowed) {
        if (mode != LaunchMode.NORMAL || allowed) {
            return;
        }
        Path blobs = directory.toAbsolutePath().normalize();
        if (blobs.startsWith(temporary.toAbsolutePath().normalize())) {
            throw new IllegalStateException("cfdeploy.blobstore.directory (" + blobs + ") is in the temporary "
                    + "directory, whose files go with the container; point it at a persistent volume, or set "
                    + "cfdeploy.blobstore.allow-temporary-directory=true");
        }
    }
}
