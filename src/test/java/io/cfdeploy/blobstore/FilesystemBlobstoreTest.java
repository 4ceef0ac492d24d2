package io.cfdeploy.blobstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem blobstore on its own: content addressing, digests, atomic writes. */
class FilesystemBlobstoreTest {
    @TempDir
    Path root;

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    /** After the rename, the directories that hold the new entry are flushed, each once the blob is in place. */
    @Test
    void theRenameIsMadeDurableByFlushingItsDirectories() throws Exception {
        List<Path> synced = new java.util.ArrayList<>();
        FilesystemBlobstore store = new FilesystemBlobstore(root) {
            @Override
            protected void syncDirectory(Path directory) throws IOException {
                assertEquals(1, files().size(), "synced after the move, with the blob in place");
                super.syncDirectory(directory);
                synced.add(directory);
            }
        };
        byte[] bits = random(1_000);
        String key = store.put(new ByteArrayInputStream(bits), 10_000).key();
        Path leaf = root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4));
        assertEquals(List.of(leaf, leaf.getParent(), root), synced);
        synced.clear();
        store.put(new ByteArrayInputStream(bits), 10_000);
        assertEquals(List.of(), synced, "bits already stored: nothing renamed, nothing to flush");
    }

    @Test
    void storesUnderTheSha256WithBothDigests() throws Exception {
        FilesystemBlobstore store = new FilesystemBlobstore(root);
        byte[] bits = random(200_000);
        Blobstore.StoredBlob stored = store.put(new ByteArrayInputStream(bits), 1_000_000);
        String sha256 = hex("SHA-256", bits);
        assertEquals(new Blobstore.StoredBlob(sha256, sha256, hex("SHA-1", bits), bits.length), stored);
        Path file = root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
        assertArrayEquals(bits, Files.readAllBytes(file));
        assertEquals(List.of(file), files());
        Blobstore.Blob blob = store.get(sha256).orElseThrow();
        assertEquals(bits.length, blob.size());
        try (InputStream in = blob.open()) {
            assertArrayEquals(bits, in.readAllBytes());
        }
    }

    @Test
    void theSameBitsAreStoredOnce() throws Exception {
        FilesystemBlobstore store = new FilesystemBlobstore(root);
        byte[] bits = random(1000);
        String first = store.put(new ByteArrayInputStream(bits), 1000).key();
        String second = store.put(new ByteArrayInputStream(bits), 1000).key();
        assertEquals(first, second);
        assertEquals(1, files().size());
    }

    @Test
    void tooManyBytesLeaveNothingBehind() throws Exception {
        FilesystemBlobstore store = new FilesystemBlobstore(root);
        assertThrows(BlobTooLargeException.class, () -> store.put(new ByteArrayInputStream(random(1001)), 1000));
        assertEquals(List.of(), files());
    }

    @Test
    void aStreamThatBreaksLeavesNothingBehind() throws Exception {
        FilesystemBlobstore store = new FilesystemBlobstore(root);
        InputStream breaking = new FilterInputStream(new ByteArrayInputStream(random(300_000))) {
            private int read;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (read > 100_000) {
                    throw new IOException("connection reset");
                }
                int count = super.read(buffer, offset, length);
                read += Math.max(count, 0);
                return count;
            }
        };
        IOException failure = assertThrows(IOException.class, () -> store.put(breaking, 1_000_000));
        assertEquals("connection reset", failure.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void unknownAndMalformedKeysAreAbsentAndDeletingIsIdempotent() throws Exception {
        FilesystemBlobstore store = new FilesystemBlobstore(root);
        String key = store.put(new ByteArrayInputStream(random(10)), 10).key();
        assertTrue(store.get("0".repeat(64)).isEmpty());
        assertTrue(store.get("../../etc/passwd").isEmpty());
        assertTrue(store.get(null).isEmpty());
        store.delete(key);
        store.delete(key);
        store.delete("../x");
        assertTrue(store.get(key).isEmpty());
        assertEquals(List.of(), files());
    }
}
