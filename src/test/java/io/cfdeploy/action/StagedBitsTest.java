package io.cfdeploy.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cfdeploy.support.Builds;
import io.cfdeploy.support.Zips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zip → droplet conversion and the Procfile reading, without a server. */
class StagedBitsTest {
    @TempDir
    Path dir;

    @Test
    void procfileLinesAreTypesAndCommands() {
        assertEquals(Map.of("web", "bundle exec rackup -p $PORT", "worker", "./work --fast", "clock", "x: y"),
                StagedBits.parseProcfile("# comment\n\nweb: bundle exec rackup -p $PORT\r\nworker:'./work --fast'\n"
                        + "clock: \"x: y\"\nnot a line\nempty:\n"));
        assertEquals(Map.of(), StagedBits.parseProcfile(""));
    }

    @Test
    void namesAreNormalised() {
        assertEquals("a/b", StagedBits.normalised("./a\\b/"));
        assertEquals("", StagedBits.normalised("./"));
        assertEquals("x", StagedBits.normalised("/x"));
    }

    @Test
    void theDropletHoldsTheFilesWithTheirModesUnderApp() throws IOException {
        Path zip = dir.resolve("p.zip");
        Files.write(zip, Zips.zip().directory("bin").file("bin/start", "go", 0750).file("Procfile", "web: bin/start")
                .link("start", "bin/start").file("empty", "").bytes());
        Path tgz = dir.resolve("d.tgz");
        StagedBits.Result result = StagedBits.convert(zip, tgz);
        assertEquals(Map.of("web", "bin/start"), result.procfile());
        Map<String, Builds.Entry> entries = Builds.entries(Files.readAllBytes(tgz));
        assertEquals(0750, entries.get("app/bin/start").mode());
        assertEquals("go", entries.get("app/bin/start").content());
        assertEquals("bin/start", entries.get("app/start").linkName());
        assertEquals("", entries.get("app/empty").content());
        assertEquals(0755, entries.get("app/").mode());
    }

    @Test
    void aFileThatIsNoZipIsRefused() throws IOException {
        Path zip = dir.resolve("p.zip");
        Files.writeString(zip, "not a zip");
        assertThrows(IOException.class, () -> StagedBits.convert(zip, dir.resolve("d.tgz")));
    }
}
