package io.cfdeploy.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cfdeploy.error.CfException;
import io.cfdeploy.support.Zips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks a package zip passes before anything of it is kept. */
class PackageZipTest {
    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws IOException {
        Path zip = Files.createTempFile(dir, "package", ".zip");
        Files.write(zip, bytes);
        return zip;
    }

    private String refusal(byte[] bytes, int maxEntries, long maxExpanded) throws IOException {
        Path zip = write(bytes);
        CfException refused = assertThrows(CfException.class, () -> PackageZip.check(zip, maxEntries, maxExpanded));
        assertEquals(422, refused.error().status());
        return refused.getMessage();
    }

    private String refusal(Zips zip) throws IOException {
        return refusal(zip.bytes(), 100, 1_000_000);
    }

    @Test
    void aPackageAsTheCliZipsItPasses() throws IOException {
        Path zip = write(Zips.zip().directory("lib").file("lib/app.rb", "puts 1").file("Procfile", "web: ruby app.rb")
                .link("current", "lib").link("lib/self", "../lib/app.rb").link("lib/here", "./app.rb").bytes());
        // six entries; only the two files' 22 bytes count as expanded content
        assertEquals(new PackageZip.Contents(6, 22), PackageZip.check(zip, 6, 22));
    }

    @Test
    void entriesThatLeaveThePackageAreRefused() throws IOException {
        assertEquals("Uploaded package is invalid: entry '../evil' leaves the package",
                refusal(Zips.zip().file("ok", "x").file("../evil", "x")));
        assertEquals("Uploaded package is invalid: entry '/etc/cron.d/x' leaves the package",
                refusal(Zips.zip().file("/etc/cron.d/x", "x")));
        assertEquals("Uploaded package is invalid: entry 'a/../../x' leaves the package",
                refusal(Zips.zip().file("a/../../x", "x")));
        assertEquals("Uploaded package is invalid: entry 'C:/x' leaves the package",
                refusal(Zips.zip().file("C:/x", "x")));
        // the zip reader turns a backslash into a slash, so a Windows-made "..\\x" is caught as "../x"
        assertEquals("Uploaded package is invalid: entry '../x' leaves the package",
                refusal(Zips.zip().file("..\\x", "x")));
    }

    @Test
    void linksThatPointOutOfThePackageAreRefused() throws IOException {
        assertEquals("Uploaded package is invalid: link 'lib/up' points outside the package",
                refusal(Zips.zip().link("lib/up", "../../etc/passwd")));
        assertEquals("Uploaded package is invalid: link 'abs' points outside the package",
                refusal(Zips.zip().link("abs", "/etc/passwd")));
        assertEquals("Uploaded package is invalid: link 'long' points outside the package",
                refusal(Zips.zip().link("long", "a/".repeat(3000))));
    }

    @Test
    void tooManyEntriesOrTooManyExpandedBytesAreRefused() throws IOException {
        byte[] zeros = new byte[5000];
        byte[] bomb = Zips.zip().file("zeros", zeros).bytes();
        assertEquals(true, bomb.length < 200, "deflated zeros are tiny: " + bomb.length);
        assertEquals("Uploaded package is invalid: it expands to more than 4999 bytes", refusal(bomb, 10, 4999));
        assertEquals(new PackageZip.Contents(1, 5000), PackageZip.check(write(bomb), 10, 5000));
        assertEquals("Uploaded package is invalid: it has more than 2 entries",
                refusal(Zips.zip().file("a", "1").file("b", "2").file("c", "3").bytes(), 2, 1000));
    }

    @Test
    void entriesCompressedOtherwiseThanStoredOrDeflatedAreRefusedBeforeTheirDataIsRead() throws IOException {
        // bzip2 (12) is readable by commons-compress but not what any cf client writes; zstd (93) and xz (95) are
        // never decompressed (pom.xml: their classes are there only for the native build's linking)
        for (int method : new int[] {12, 93, 95}) {
            assertEquals("Uploaded package is invalid: entry 'app.rb' is compressed with method " + method
                    + "; only stored and deflated entries are accepted",
                    refusal(withMethod(Zips.zip().file("app.rb", "puts 1").bytes(), method), 10, 1000));
            assertEquals("Uploaded package is invalid: entry 'lnk' is compressed with method " + method
                    + "; only stored and deflated entries are accepted",
                    refusal(withMethod(Zips.zip().link("lnk", "x").bytes(), method), 10, 1000));
        }
    }

    /** The zip with every entry's compression method (local and central headers) rewritten to the given one. */
    private static byte[] withMethod(byte[] zip, int method) {
        byte[] rewritten = zip.clone();
        for (int at = 0; at + 12 <= rewritten.length; at++) {
            int signature = (rewritten[at] & 0xff) | (rewritten[at + 1] & 0xff) << 8
                    | (rewritten[at + 2] & 0xff) << 16 | (rewritten[at + 3] & 0xff) << 24;
            int field = signature == 0x04034b50 ? at + 8 : signature == 0x02014b50 ? at + 10 : -1;
            if (field >= 0) {
                rewritten[field] = (byte) method;
                rewritten[field + 1] = (byte) (method >> 8);
            }
        }
        return rewritten;
    }

    @Test
    void whatIsNoZipIsRefused() throws IOException {
        assertEquals("Uploaded package is invalid: not a readable zip file",
                refusal("not a zip at all".getBytes(), 10, 1000));
        assertEquals("Uploaded package is invalid: not a readable zip file", refusal(new byte[0], 10, 1000));
        byte[] truncated = Zips.zip().file("a", "content").bytes();
        assertEquals("Uploaded package is invalid: not a readable zip file",
                refusal(java.util.Arrays.copyOf(truncated, truncated.length - 10), 10, 1000));
    }
}
