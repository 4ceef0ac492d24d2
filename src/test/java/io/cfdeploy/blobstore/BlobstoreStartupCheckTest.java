package io.cfdeploy.blobstore;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.LaunchMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where a production server may keep droplet bits. */
class BlobstoreStartupCheckTest {
    private static final Path TMP = Path.of("/tmp");

    @Test
    void productionRefusesTheTemporaryDirectoryAndNamesTheSettings() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> BlobstoreStartupCheck
                .refuseTemporaryDirectory(LaunchMode.NORMAL, Path.of("/tmp/cfdeploy-blobs"), TMP, false));
        assertTrue(refused.getMessage().contains("cfdeploy.blobstore.directory (/tmp/cfdeploy-blobs)"));
        assertTrue(refused.getMessage().contains("cfdeploy.blobstore.allow-temporary-directory=true"));
        assertThrows(IllegalStateException.class, () -> BlobstoreStartupCheck.refuseTemporaryDirectory(
                LaunchMode.NORMAL, Path.of("/tmp/../tmp/x"), TMP, false));
    }

    @Test
    void aPersistentDirectoryTheFlagOrDevAndTestAreFine() {
        assertDoesNotThrow(() -> BlobstoreStartupCheck.refuseTemporaryDirectory(LaunchMode.NORMAL,
                Path.of("/var/lib/cfdeploy/blobs"), TMP, false));
        assertDoesNotThrow(() -> BlobstoreStartupCheck.refuseTemporaryDirectory(LaunchMode.NORMAL,
                Path.of("/tmpfoo/blobs"), TMP, false));
        assertDoesNotThrow(() -> BlobstoreStartupCheck.refuseTemporaryDirectory(LaunchMode.NORMAL,
                Path.of("/tmp/cfdeploy-blobs"), TMP, true));
        assertDoesNotThrow(() -> BlobstoreStartupCheck.refuseTemporaryDirectory(LaunchMode.DEVELOPMENT,
                Path.of("/tmp/cfdeploy-blobs"), TMP, false));
        assertDoesNotThrow(() -> BlobstoreStartupCheck.refuseTemporaryDirectory(LaunchMode.TEST,
                Path.of("/tmp/cfdeploy-blobs"), TMP, false));
    }
}
