package io.cfdeploy.runtime.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Droplets extracted once each, under {@code <work-dir>/droplets/<blob key>}: a droplet's tgz is hostile until
 * checked, so an entry that is absolute, climbs out with {@code ..}, links outside the tree, is a device or a FIFO,
 * or makes the tree bigger than the process's disk, refuses the whole droplet. Extraction goes to a temporary
 * directory renamed into place, so a half-extracted droplet is never used; setuid and setgid bits are dropped.
 */
final class DropletCache {
    private final Path root;
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    /** The droplet cannot run: its bits are unsafe, too big or missing. */
    static final class RefusedDroplet extends Exception {
        RefusedDroplet(String reason) {
            super(reason);
        }
    }

    /** Where a droplet's bits come from. */
    interface Bits {
        InputStream open() throws IOException;
    }

    DropletCache(Path root) {
        this.root = root;
    }

    /** The extracted tree of the blob, extracting it first if no instance did yet. */
    Path extracted(String blobKey, Bits bits, long maxBytes) throws IOException, RefusedDroplet {
        if (blobKey == null || !blobKey.matches("[0-9a-f]{16,128}")) {
            throw new RefusedDroplet("the droplet has no bits");
        }
        Path target = root.resolve(blobKey);
        if (Files.isDirectory(target)) {
            return target;
        }
        synchronized (locks.computeIfAbsent(blobKey, key -> new Object())) {
            if (Files.isDirectory(target)) {
                return target;
            }
            Files.createDirectories(root);
            Path temporary = Files.createTempDirectory(root, ".extract-");
            try {
                try (InputStream in = bits.open()) {
                    extract(in, temporary, maxBytes);
                }
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } finally {
                deleteTree(temporary);
            }
        }
    }

    /** Extracts a gzipped tar into {@code into}, refusing anything that could reach outside it. */
    static void extract(InputStream tgz, Path into, long maxBytes) throws IOException, RefusedDroplet {
        Path base = into.toRealPath();
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(tgz))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                Path target = inside(base, name);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    String link = entry.getLinkName();
                    if (link.startsWith("/") || !realParent(target, base).resolve(link).normalize().startsWith(base)) {
                        throw new RefusedDroplet("the droplet's link " + name + " leads outside the droplet");
                    }
                    Files.createSymbolicLink(target, Path.of(link));
                } else if (entry.isLink() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()
                        || !entry.isFile()) {
                    throw new RefusedDroplet("the droplet's entry " + name + " is not a file, directory or link");
                } else {
                    total += entry.getSize();
                    if (total > maxBytes) {
                        throw new RefusedDroplet("the droplet is larger than the process's disk ("
                                + maxBytes / (1024 * 1024) + " MB)");
                    }
                    realParent(target, base);
                    try (OutputStream out = Files.newOutputStream(target, LinkOption.NOFOLLOW_LINKS,
                            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)) {
                        tar.transferTo(out);
                    }
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        } catch (java.util.zip.ZipException | IllegalArgumentException notATgz) {
            throw new RefusedDroplet("the droplet is not a gzipped tar: " + notATgz.getMessage());
        }
    }

    /**
     * The entry's directory as it really is on disk, made if missing: a path that is inside by its name may still
     * lead outside through a link an earlier entry made (e.g. {@code a -> ..} then {@code a/b -> ..}).
     */
    private static Path realParent(Path target, Path base) throws IOException, RefusedDroplet {
        Path parent = Files.createDirectories(target.getParent()).toRealPath();
        if (!parent.startsWith(base)) {
            throw new RefusedDroplet("the droplet's path " + base.relativize(target) + " leads outside the droplet");
        }
        return parent;
    }

    private static Path inside(Path base, String name) throws RefusedDroplet {
        if (name.startsWith("/") || name.contains("\0")) {
            throw new RefusedDroplet("the droplet's path " + name + " is absolute");
        }
        Path target = base.resolve(name).normalize();
        if (!target.startsWith(base)) {
            throw new RefusedDroplet("the droplet's path " + name + " leads outside the droplet");
        }
        return target;
    }

    /** The entry's mode without setuid, setgid and sticky bits; always readable by its owner. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return permissions;
    }

    static void deleteTree(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // best effort: a file the instance made unremovable stays behind
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
