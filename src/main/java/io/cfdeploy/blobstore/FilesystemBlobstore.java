package io.cfdeploy.blobstore;

import io.cfdeploy.config.CfdeployConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The blobstore on a local (or mounted) filesystem: {@code <directory>/<k[0:2]>/<k[2:4]>/<key>}. Writes go to a
 * temporary file under {@code <directory>/tmp} (same filesystem), are flushed to disk, and are then renamed into
 * place atomically; a failure deletes the temporary file, so readers never see a partial blob.
 */
@ApplicationScoped
public class FilesystemBlobstore implements Blobstore {
    private static final Pattern KEY = Pattern.compile("^[0-9a-f]{64}$");
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path tmp;

    @Inject
    FilesystemBlobstore(CfdeployConfig config) {
        this(Path.of(config.blobstore().directory()));
    }

    public FilesystemBlobstore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
    }

    /** The directory blobs live in. */
    public Path root() {
        return root;
    }

    @Override
    public StoredBlob put(InputStream input, long maxBytes) throws IOException {
        Files.createDirectories(tmp);
        Path partial = Files.createTempFile(tmp, "upload-", ".part");
        boolean moved = false;
        try {
            MessageDigest sha256 = digest("SHA-256");
            MessageDigest sha1 = digest("SHA-1");
            long size = 0;
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[BUFFER];
                int read;
                while ((read = input.read(buffer)) != -1) {
                    size += read;
                    if (size > maxBytes) {
                        throw new BlobTooLargeException(maxBytes);
                    }
                    sha256.update(buffer, 0, read);
                    sha1.update(buffer, 0, read);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                }
                out.force(true);
            }
            String key = HexFormat.of().formatHex(sha256.digest());
            Path target = path(key);
            Files.createDirectories(target.getParent());
            if (!Files.exists(target)) {
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                    moved = true;
                    // the rename (and any directory just created for it) lives in the directories' entries:
                    // flush them too, or a crash can lose a blob whose droplet is already STAGED
                    syncDirectory(target.getParent());
                    syncDirectory(target.getParent().getParent());
                    syncDirectory(root);
                } catch (FileAlreadyExistsException sameBytesStoredMeanwhile) {
                    // another writer stored the same bytes first: one copy is enough
                }
            }
            return new StoredBlob(key, key, HexFormat.of().formatHex(sha1.digest()), size);
        } finally {
            if (!moved) {
                Files.deleteIfExists(partial);
            }
        }
    }

    /** fsync of a directory (POSIX: opened read-only, then forced). */
    protected void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public Optional<Blob> get(String key) {
        if (!isKey(key)) {
            return Optional.empty();
        }
        Path file = path(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            long size = Files.size(file);
            return Optional.of(new Blob() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public InputStream open() throws IOException {
                    return Files.newInputStream(file);
                }
            });
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        if (isKey(key)) {
            Files.deleteIfExists(path(key));
        }
    }

    private Path path(String key) {
        return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    private static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException missing) {
            throw new UncheckedIOException(new IOException(algorithm + " unavailable", missing));
        }
    }
}
