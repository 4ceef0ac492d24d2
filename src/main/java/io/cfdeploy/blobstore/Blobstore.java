package io.cfdeploy.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where droplet bits live, content-addressed: a blob's key is the sha256 of its bytes, so storing the same bytes
 * twice keeps one copy. A blob appears whole or not at all; a failed or refused write leaves nothing behind.
 * Implementations stream: no blob is ever held in memory as a whole.
 */
public interface Blobstore {

    /**
     * Streams {@code input} into the store, computing its digests on the way.
     *
     * @param maxBytes the most bytes accepted; one more and the write is abandoned with {@link BlobTooLargeException}
     * @return the stored blob's key, digests and size
     * @throws BlobTooLargeException when the input is longer than {@code maxBytes} (nothing is stored)
     * @throws IOException           when reading the input or writing the store fails (nothing is stored)
     */
    StoredBlob put(InputStream input, long maxBytes) throws IOException;

    /** The blob with this key, or empty when the store does not hold it. */
    Optional<Blob> get(String key);

    /** Removes the blob; removing a blob that is not there does nothing. */
    void delete(String key) throws IOException;

    /** A blob that can be read. */
    interface Blob {
        long size();

        /** A fresh stream over the blob's bytes; the caller closes it. */
        InputStream open() throws IOException;
    }

    /**
     * What {@link #put} stored.
     *
     * @param key    the blob's key (its sha256, lower-case hex)
     * @param sha256 lower-case hex
     * @param sha1   lower-case hex
     */
    record StoredBlob(String key, String sha256, String sha1, long size) {
    }
}
