package io.cfdeploy.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A droplet's tgz is hostile until checked (runtimes.md §2.1). */
class DropletCacheTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path root;

    @Test
    void aDropletIsExtractedOnceWithItsExecBits_butNoSetuid() throws Exception {
        byte[] tgz = tgz(tar -> {
            file(tar, "app/run", "#!/bin/sh\n", 04755);
            file(tar, "app/data.txt", "data", 0600);
            link(tar, "app/current", "data.txt");
        });
        DropletCache cache = new DropletCache(root);
        int[] opened = {0};
        Path tree = cache.extracted(KEY, () -> {
            opened[0]++;
            return new ByteArrayInputStream(tgz);
        }, 1 << 20);
        assertEquals(root.resolve(KEY), tree);
        assertEquals("data", Files.readString(tree.resolve("app/current")));
        var run = Files.getPosixFilePermissions(tree.resolve("app/run"));
        assertTrue(run.contains(PosixFilePermission.OTHERS_EXECUTE));
        assertTrue(Files.getPosixFilePermissions(tree.resolve("app/data.txt")).contains(PosixFilePermission.OTHERS_READ),
                "instances running as another user read the shared tree");
        assertFalse(Files.getAttribute(tree.resolve("app/run"), "unix:mode").equals(04755));
        assertEquals(0, ((Integer) Files.getAttribute(tree.resolve("app/run"), "unix:mode")) & 07000);
        cache.extracted(KEY, () -> {
            opened[0]++;
            return new ByteArrayInputStream(tgz);
        }, 1 << 20);
        assertEquals(1, opened[0], "extracted once per blob");
    }

    @Test
    void pathsAndLinksLeavingTheDropletRefuseIt_andLeaveNothing() throws Exception {
        for (Consumer<TarArchiveOutputStream> hostile : List.<Consumer<TarArchiveOutputStream>>of(
                tar -> file(tar, "app/../../outside.txt", "x", 0644),
                tar -> link(tar, "app/escape", "../../../etc/passwd"),
                tar -> link(tar, "app/absolute", "/etc/passwd"),
                tar -> {
                    // each link is inside by its own name; together they climb out
                    link(tar, "app/up", "..");
                    link(tar, "app/up/up", "..");
                    file(tar, "app/up/up/escaped.txt", "x", 0644);
                },
                tar -> special(tar, "app/hard", TarConstants.LF_LINK, "app/x"),
                tar -> special(tar, "app/fifo", TarConstants.LF_FIFO, null),
                tar -> special(tar, "app/device", TarConstants.LF_CHR, null))) {
            byte[] tgz = tgz(hostile);
            DropletCache.RefusedDroplet refused = assertThrows(DropletCache.RefusedDroplet.class,
                    () -> new DropletCache(root).extracted(KEY, () -> new ByteArrayInputStream(tgz), 1 << 20));
            assertTrue(refused.getMessage().startsWith("the droplet's "), refused.getMessage());
            assertFalse(Files.exists(root.resolve(KEY)));
            try (var left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), "no half-extracted tree stays behind");
            }
        }
        assertFalse(Files.exists(root.getParent().resolve("outside.txt")));
    }

    @Test
    void aDropletLargerThanTheDiskOrNotATgzIsRefused() {
        byte[] big = tgz(tar -> file(tar, "app/big", "x".repeat(2048), 0644));
        assertThrows(DropletCache.RefusedDroplet.class,
                () -> new DropletCache(root).extracted(KEY, () -> new ByteArrayInputStream(big), 1024));
        DropletCache.RefusedDroplet garbage = assertThrows(DropletCache.RefusedDroplet.class,
                () -> new DropletCache(root).extracted(KEY, () -> new ByteArrayInputStream(new byte[] {1, 2, 3}),
                        1024));
        assertTrue(garbage.getMessage().startsWith("the droplet is not a gzipped tar"), garbage.getMessage());
        assertThrows(DropletCache.RefusedDroplet.class,
                () -> new DropletCache(root).extracted("../../x", () -> new ByteArrayInputStream(big), 1024));
    }

    private static byte[] tgz(Consumer<TarArchiveOutputStream> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.accept(tar);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content, int mode) {
        try {
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(content.length());
            entry.setMode(mode);
            tar.putArchiveEntry(entry);
            tar.write(content.getBytes());
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void link(TarArchiveOutputStream tar, String name, String target) {
        special(tar, name, TarConstants.LF_SYMLINK, target);
    }

    private static void special(TarArchiveOutputStream tar, String name, byte type, String target) {
        try {
            TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
            if (target != null) {
                entry.setLinkName(target);
            }
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
